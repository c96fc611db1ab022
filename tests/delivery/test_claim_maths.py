"""The claim's arithmetic, worked by hand: each test gives its working in a comment."""

from decimal import Decimal

from delivery.claim_maths import LineFigures, Split, final_claim, final_line, interim_claim

D = Decimal


def line(share="1000000", without="51", with_lpsa="55", achieved=None, higher=True, number=1, **interim):
    return LineFigures(
        line_id=1,
        number=number,
        label="A line",
        share=D(share),
        without=D(without),
        with_lpsa=D(with_lpsa),
        higher_is_better=higher,
        achieved=None if achieved is None else D(achieved),
        **{key: D(value) for key, value in interim.items()},
    )


def test_a_line_fully_met_earns_its_whole_share():
    # Stretch 55 - 51 = 4; achieved 55 - 51 = 4; 4 / 4 = 100%; £1,000,000 × 1 = £1,000,000.
    result = final_line(line(achieved="55"))
    assert result.fraction == 1
    assert result.counted == 1
    assert result.earned == D("1000000.00")
    assert not result.capped and not result.below_threshold


def test_a_line_beyond_its_target_is_capped_at_its_share():
    # Achieved 57 - 51 = 6 of a stretch of 4: 150%, counted as 100%: £1,000,000, no more.
    result = final_line(line(achieved="57"))
    assert result.fraction == D("1.5")
    assert result.percent == D("150.0")
    assert result.counted == 1
    assert result.capped
    assert result.earned == D("1000000.00")


def test_a_shortfall_below_60_percent_earns_nothing():
    # Achieved 53.3 - 51 = 2.3 of 4: 57.5%, below 60%: £0.
    result = final_line(line(achieved="53.3"))
    assert result.fraction == D("0.575")
    assert result.below_threshold
    assert result.counted == 0
    assert result.earned == 0


def test_exactly_60_percent_earns_60_percent_of_the_share():
    # Achieved 53.4 - 51 = 2.4 of 4: exactly 60%, not below: £1,000,000 × 0.6 = £600,000.
    result = final_line(line(achieved="53.4"))
    assert result.fraction == D("0.6")
    assert not result.below_threshold
    assert result.earned == D("600000.00")


def test_just_under_60_percent_never_reads_as_60():
    # Achieved 53.3985 - 51 = 2.3985 of 4: 59.9625%, shown rounded down as 59.9%, earning £0.
    result = final_line(line(achieved="53.3985"))
    assert result.percent == D("59.9")
    assert result.earned == 0


def test_a_lower_is_better_line_counts_the_fall():
    # Burglaries: without 190, with 170, so the stretch is 170 - 190 = -20. Achieved 175:
    # 175 - 190 = -15; -15 / -20 = 75%; £1,000,000 × 0.75 = £750,000.
    result = final_line(line(without="190", with_lpsa="170", achieved="175", higher=False))
    assert result.fraction == D("0.75")
    assert result.earned == D("750000.00")


def test_a_lower_is_better_line_that_got_worse_earns_nothing():
    # Achieved 195: 195 - 190 = 5; 5 / -20 = -25%: below 60%, £0.
    result = final_line(line(without="190", with_lpsa="170", achieved="195", higher=False))
    assert result.fraction == D("-0.25")
    assert result.earned == 0


def test_weighted_lines_of_one_numbered_target_earn_by_their_shares():
    # Target 1's share £1,000,000 weighted 70/30: lines of £700,000 and £300,000.
    # Line A achieves 100% (£700,000); line B 54 - 51 = 3 of 4 = 75% (£300,000 × 0.75 = £225,000).
    # Earned £700,000 + £225,000 = £925,000.
    claim = final_claim([line(share="700000", achieved="55"), line(share="300000", achieved="54")], D(0))
    assert [item.earned for item in claim.lines] == [D("700000.00"), D("225000.00")]
    assert claim.potential == D("1000000")
    assert claim.earned == D("925000.00")
    assert claim.payable == D("925000.00")


def test_a_payment_on_account_larger_than_the_reward_leaves_the_excess_due_back():
    # Paid £200,000 on account (a fifth of £1,000,000). Final: 53.3 is 57.5%, below 60%: £0.
    # Payable max(0 - 200,000, 0) = £0; due back 200,000 - 0 = £200,000, half capital and half revenue.
    claim = final_claim([line(achieved="53.3")], D("200000"), ["2008/09", "2009/10"])
    assert claim.earned == 0
    assert claim.payable == 0
    assert claim.due_back == D("200000")
    assert [i.total for i in claim.instalments] == [0, 0]
    assert (claim.due_back_split.capital, claim.due_back_split.revenue) == (D("100000"), D("100000"))


def test_the_payment_on_account_is_taken_off_the_reward():
    # Earned £1,000,000; paid £200,000 on account; payable £800,000: two of £400,000.
    claim = final_claim([line(achieved="55")], D("200000"), ["2008/09", "2009/10"])
    assert claim.payable == D("800000.00")
    assert claim.due_back == 0
    assert [i.total for i in claim.instalments] == [D("400000.00"), D("400000.00")]
    assert claim.payment_years == ["2008/09", "2009/10"]


def test_instalments_with_an_odd_penny_add_up_exactly():
    # Share £0.03 met in full: earned £0.03. First instalment 0.03 / 2 = 0.015, rounded up to
    # £0.02; the second the rest, £0.01. 0.02 + 0.01 = 0.03.
    claim = final_claim([line(share="0.03", achieved="55")], D(0))
    first, second = claim.instalments
    assert (first.total, second.total) == (D("0.02"), D("0.01"))
    assert first.total + second.total == claim.payable


def test_every_amount_is_split_half_capital_half_revenue_adding_up_exactly():
    # Earned £1,000,000.03 (shares of £1,000,000 and £0.03, both met): capital 500,000.015
    # rounded up to £500,000.02, revenue the rest £500,000.01. Paid on account £0.01 (capital
    # £0.01, revenue £0). Payable £1,000,000.02: capital 500,000.02 - 0.01 = £500,000.01,
    # revenue 500,000.01 - 0 = £500,000.01. First instalment £500,000.01: capital
    # 250,000.005 rounded up to £250,000.01, revenue £250,000.00; second £500,000.01: capital
    # 500,000.01 - 250,000.01 = £250,000.00, revenue 500,000.01 - 250,000.00 = £250,000.01.
    claim = final_claim([line(achieved="55"), line(share="0.03", achieved="55")], D("0.01"))
    earned, on_account, payable = claim.earned_split, claim.on_account_split, claim.payable_split
    assert (earned.capital, earned.revenue) == (D("500000.02"), D("500000.01"))
    assert (on_account.capital, on_account.revenue) == (D("0.01"), D("0.00"))
    assert (payable.capital, payable.revenue) == (D("500000.01"), D("500000.01"))
    first, second = claim.instalments
    assert (first.total, first.capital, first.revenue) == (D("500000.01"), D("250000.01"), D("250000.00"))
    assert (second.total, second.capital, second.revenue) == (D("500000.01"), D("250000.00"), D("250000.01"))
    # Each column adds up: on account + instalments = earned, in capital and in revenue.
    assert on_account.capital + first.capital + second.capital == earned.capital
    assert on_account.revenue + first.revenue + second.revenue == earned.revenue
    for split in (earned, on_account, payable, first, second):
        assert split.capital + split.revenue == split.total


def test_a_split_gives_capital_the_odd_penny():
    # £0.05 / 2 = 0.025, rounded up: capital £0.03, revenue £0.02.
    assert (Split(D("0.05")).capital, Split(D("0.05")).revenue) == (D("0.03"), D("0.02"))


def test_an_interim_level_met_earns_a_fifth_of_the_share_on_account():
    # Interim with-agreement level 53; final figure for the interim year 53.5 ≥ 53: met.
    # A fifth of £1,000,000 = £200,000 on account.
    claim = interim_claim([line(interim_without="50.5", interim_with="53", interim_achieved="53.5")])
    assert claim.lines[0].met is True
    assert claim.lines[0].payment == D("200000.00")
    assert claim.total.total == D("200000.00")
    assert (claim.total.capital, claim.total.revenue) == (D("100000.00"), D("100000.00"))


def test_an_interim_level_not_met_earns_nothing_on_account():
    # 52.9 < 53: not met, £0.
    claim = interim_claim([line(interim_without="50.5", interim_with="53", interim_achieved="52.9")])
    assert claim.lines[0].met is False
    assert claim.total.total == 0


def test_a_lower_is_better_interim_level_is_met_at_or_below_it():
    # Interim with-agreement level 180; achieved 180 ≤ 180: met, £1,000,000 / 5 = £200,000.
    claim = interim_claim(
        [line(without="190", with_lpsa="170", higher=False, interim_with="180", interim_achieved="180")]
    )
    assert claim.lines[0].met is True
    assert claim.total.total == D("200000.00")


def test_a_line_with_no_interim_level_earns_nothing_on_account():
    # No interim level was agreed: nothing to meet, £0, and "met" is neither yes nor no.
    claim = interim_claim([line(), line(interim_with="53")])
    assert [item.met for item in claim.lines] == [None, None]
    assert claim.total.total == 0


def test_a_line_without_its_final_figure_earns_nothing_yet():
    result = final_line(line())
    assert result.fraction is None
    assert result.earned == 0
