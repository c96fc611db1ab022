from django import template
from django.urls import reverse
from django.utils.html import format_html

from priorities.glossary import BY_SLUG

register = template.Library()


@register.simple_tag(takes_context=True)
def term(context: template.Context, slug: str, text: str = "") -> str:
    """A word of the glossary, linked to its entry the first time a page uses it, plain after.

    ``text`` is the word as the sentence needs it (“stretches”); by default, the term's own
    name in lower case. The set of terms already linked lives on the page's one Context,
    which includes share, so a term is linked once however the page is put together.
    """
    entry = BY_SLUG[slug]  # a misspelt slug fails loudly in tests rather than linking nowhere
    words = text or entry.name[:1].lower() + entry.name[1:]
    linked = context.render_context.dicts[0].setdefault("glossary_linked", set())
    if slug in linked:
        return format_html("{}", words)
    linked.add(slug)
    return format_html('<a class="govuk-link" href="{}#{}">{}</a>', reverse("priorities:glossary"), entry.slug, words)
