"""The reward shared with partners, worked by hand (delivery/sharing.py)."""

from decimal import Decimal

from delivery.sharing import CONTRIBUTION, TOP_SLICE, Rule, share_reward

D = Decimal


def amounts(sharing) -> list[Decimal]:
    return [part.amount for part in sharing.parts]


def test_a_top_slice_comes_off_the_whole_reward_and_the_rest_is_shared_by_contribution():
    # £10m: the voluntary sector's 5% is £500,000; the £9.5m left goes 40/35/25 to the districts.
    rules = [
        Rule("rushmoor", "Rushmoor", CONTRIBUTION, D("40")),
        Rule("hart", "Hart", CONTRIBUTION, D("35")),
        Rule("vcs", "Voluntary sector", TOP_SLICE, D("5")),
        Rule("fareham", "Fareham", CONTRIBUTION, D("25")),
    ]
    sharing = share_reward(D("10000000"), rules)
    assert [part.rule.key for part in sharing.parts] == ["vcs", "rushmoor", "hart", "fareham"]
    assert amounts(sharing) == [D("500000"), D("3800000"), D("3325000"), D("2375000")]
    assert sharing.rest == D("9500000")
    assert sharing.kept == 0


def test_what_no_contribution_claims_stays_with_the_accountable_body():
    # £1m, no top-slice, 60% + 30% by contribution: £600,000 and £300,000, £100,000 kept.
    rules = [Rule(1, "A", CONTRIBUTION, D("60")), Rule(2, "B", CONTRIBUTION, D("30"))]
    sharing = share_reward(D("1000000"), rules)
    assert amounts(sharing) == [D("600000"), D("300000")]
    assert sharing.kept == D("100000")
    assert sharing.unallocated_percent == D("10")


def test_parts_are_rounded_down_to_the_penny_and_the_accountable_body_keeps_the_pennies():
    # £100 in thirds: £33.33 three times, and the penny left over is kept.
    rules = [Rule(n, str(n), CONTRIBUTION, D("33.33")) for n in range(3)]
    sharing = share_reward(D("100"), rules)
    # 33.33% of £100 is £33.33 exactly; 0.01% of £100, a penny, is not allocated.
    assert amounts(sharing) == [D("33.33")] * 3
    assert sharing.kept == D("0.01")

    # £1,000,000.01 with a 12.5% top-slice: £125,000.00125 rounds down to £125,000.00.
    sharing = share_reward(
        D("1000000.01"), [Rule("v", "V", TOP_SLICE, D("12.5")), Rule("d", "D", CONTRIBUTION, D("100"))]
    )
    assert amounts(sharing) == [D("125000.00"), D("875000.01")]
    assert sum(amounts(sharing)) + sharing.kept == D("1000000.01")


def test_the_parts_and_what_is_kept_always_add_up_to_the_whole_reward():
    rules = [
        Rule("v", "V", TOP_SLICE, D("7.77")),
        Rule("w", "W", TOP_SLICE, D("3.33")),
        Rule("a", "A", CONTRIBUTION, D("41.17")),
        Rule("b", "B", CONTRIBUTION, D("29.29")),
        Rule("c", "C", CONTRIBUTION, D("29.54")),
    ]
    for reward in (D("1"), D("999.99"), D("1234567.89"), D("18762513.37")):
        sharing = share_reward(reward, rules)
        assert sum(amounts(sharing)) + sharing.kept == reward
        assert sharing.kept >= 0


def test_no_rule_keeps_the_whole_reward_with_the_accountable_body():
    sharing = share_reward(D("2500000"), [])
    assert sharing.parts == []
    assert sharing.kept == D("2500000")


def test_no_reward_gives_nobody_anything():
    sharing = share_reward(D("0"), [Rule(1, "A", TOP_SLICE, D("5")), Rule(2, "B", CONTRIBUTION, D("100"))])
    assert amounts(sharing) == [0, 0]
    assert sharing.kept == 0


def test_percentages_given_beyond_the_rule_never_hand_out_more_than_the_reward():
    # The model refuses these; the arithmetic still never gives away more than there is.
    rules = [Rule(1, "A", TOP_SLICE, D("80")), Rule(2, "B", TOP_SLICE, D("40")), Rule(3, "C", CONTRIBUTION, D("150"))]
    sharing = share_reward(D("1000"), rules)
    assert amounts(sharing) == [D("800"), D("200"), D("0")]
    assert sharing.kept == 0
