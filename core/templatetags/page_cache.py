"""`{% pagecache "name" page_cache %}…{% endpagecache %}`: the block rendered once per key from
`core.page_cache.vary` (in the context as `page_cache`); rendered normally when that is None."""

from django import template
from django.utils.safestring import mark_safe

from core import page_cache

register = template.Library()


class PageCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression, key):
        self.nodelist, self.name, self.key = nodelist, name, key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        return mark_safe(
            page_cache.fragment(str(self.name.resolve(context)), key, lambda: self.nodelist.render(context))
        )


@register.tag("pagecache")
def do_pagecache(parser, token) -> PageCacheNode:
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('usage: {% pagecache "name" page_cache %}…{% endpagecache %}')
    nodelist = parser.parse(("endpagecache",))
    parser.delete_first_token()
    return PageCacheNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
