"""sitemap.xml with hreflang alternates, and robots.txt."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr


def absolute(url: str, public_url: str) -> str:
    return url if url.startswith(("http://", "https://")) else public_url.rstrip("/") + url


def render(plan, public_url: str, default_lang: str) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in plan:
        if not page.indexed:
            continue
        out.append(f"  <url><loc>{absolute(page.url, public_url)}</loc>")
        for lang, url in sorted(page.alternates.items()):
            out.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" '
                       f"href={quoteattr(absolute(url, public_url))}/>")
        x_default = page.x_default_for(default_lang)
        if page.alternates and x_default:
            out.append('    <xhtml:link rel="alternate" hreflang="x-default" '
                       f"href={quoteattr(absolute(x_default, public_url))}/>")
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(public_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {public_url.rstrip('/')}/sitemap.xml\n"
