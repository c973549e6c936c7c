"""Portal settings: constants only. Production overrides live in publishconf.py."""

SITENAME = "Overstap"
SITEURL = ""  # links are root-relative: the portal is served from the root of its host
#: The portal's public address, for absolute URLs (sitemap, feeds, oEmbed, canonical links).
PUBLIC_URL = "http://127.0.0.1:8000"
#: The editors' mailbox, shown where a text writes `{contact-email}` (the contact page, the
#: accessibility statement). The operator sets the real one: publishconf.py takes
#: OVERSTAP_CONTACT_EMAIL, else `redactie@` on the host of the public address. A publishing
#: build for a real domain refuses a placeholder address (portal/contact.py).
CONTACT_EMAIL = "redactie@overstap.example"
#: Optional: the https address of a feedback form, shown where a text writes `{contact-form}`.
CONTACT_FORM_URL = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Brussels"

#: The portal's languages, default first. Adding one = an entry here + a theme catalog +
#: labels in content/_data/. `sections` are the localized URL folders: the portal's sections,
#: and the measure finder's facet folders (`/nl/maatregelen/aanpak/proactief/`). The values'
#: own address parts are in the data files (`slug.fr = ...`, docs/dev/identity-and-addresses.md).
DEFAULT_LANG = "nl"
LANGS = {
    "nl": {
        "name": "Nederlands",
        "locale": "nl_BE",
        "sections": {"measure": "maatregelen", "case": "praktijkvoorbeelden",
                     "story": "verhalen", "audiences": "doelgroep", "sectors": "sector",
                     "regions": "regio", "search": "zoeken", "map": "kaart",
                     "embed": "embed", "feeds": "feeds", "duration": "duur",
                     "approach": "aanpak", "focus": "gericht-op", "support": "steun",
                     "parties": "partijen", "target": "groep", "level": "niveau",
                     "glossary": "woordenlijst", "organisations": "organisaties"},
    },
    "fr": {
        "name": "Français",
        "locale": "fr_BE",
        "sections": {"measure": "mesures", "case": "exemples", "story": "recits",
                     "audiences": "public", "sectors": "secteur", "regions": "region",
                     "search": "recherche", "map": "carte", "embed": "embed", "feeds": "feeds",
                     "duration": "duree", "approach": "approche", "focus": "cible",
                     "support": "soutien", "parties": "parties", "target": "groupe",
                     "level": "niveau", "glossary": "glossaire",
                     "organisations": "organisations"},
    },
    "en": {
        "name": "English",
        "locale": "en_GB",
        "sections": {"measure": "measures", "case": "cases", "story": "stories",
                     "audiences": "audience", "sectors": "sector", "regions": "region",
                     "search": "search", "map": "map", "embed": "embed", "feeds": "feeds",
                     "duration": "duration", "approach": "approach", "focus": "focus",
                     "support": "support", "parties": "parties", "target": "group",
                     "level": "level", "glossary": "glossary",
                     "organisations": "organisations"},
    },
}
#: The language the theme's msgids are written in (it needs no catalog).
I18N_SOURCE_LANG = "en"
I18N_DOMAIN = "messages"
#: The language `invoke check`, `invoke new`, `invoke translations`, the build's report and
#: the preview's error page answer authors in: nl, fr or en. OVERSTAP_AUTHOR_LANG in the
#: environment wins (content_model/messages.py).
AUTHOR_LANG = "nl"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["safe_publish", "portal", "editorial", "search_index", "theme_assets",
           "embeds"]  # embeds last

# The portal's own generator reads content/ in one pass for every language; Pelican's
# article and page generators are given nothing to do.
ARTICLE_PATHS = []
PAGE_PATHS = []
# content/images/ is published by the portal itself, file by file, checked
# (plugins/content_model/static.py): Pelican's copy would follow links unchecked (and the
# theme's static files by plugins/theme_assets, see THEME_STATIC_PATHS). Must stay empty.
STATIC_PATHS = []
DIRECT_TEMPLATES = []
for _kind in ("ARTICLE", "PAGE", "DRAFT", "DRAFT_PAGE", "CATEGORY", "TAG", "AUTHOR"):
    globals()[f"{_kind}_SAVE_AS"] = ""
    globals()[f"{_kind}_LANG_SAVE_AS"] = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
THEME_STATIC_DIR = "theme"
# theme/static/ is published by plugins/theme_assets (scripts and style sheets minified),
# not by Pelican's copy. Must stay empty.
THEME_STATIC_PATHS = []
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,  # templates do not change during a build: no stat per include
}
LOAD_CONTENT_CACHE = False  # Pelican's own cache: unused, the portal reads content itself
#: Where the portal keeps what it read and converted, by file digest (None: no cache); a
#: relative path is taken from the folder that holds the content folder.
CONTENT_CACHE_PATH = ".build/cache"
DELETE_OUTPUT_DIRECTORY = False  # safe_publish builds into a fresh staging folder

#: Markdown extensions for item bodies.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty", "toc"]
#: Raw HTML in Markdown (see docs/dev/security.md). Hosts whose https pages an author may
#: embed with <iframe src="https://HOST/..." title="...">; empty = no iframes. A host added
#: here must also be allowed by the content security policy (frame-src).
MARKDOWN_ALLOWED_IFRAME_HOSTS = ()
#: Extra tags an author may write, with their allowed attributes, e.g.
#: {"bdi": {"dir"}}. Tags that run code, embed or take input (script, style, iframe, object,
#: form, svg ...) and on*/style attributes are refused even if listed here.
MARKDOWN_EXTRA_TAGS = {}

#: Sites allowed to show the portal's embeds in a frame: the CSP frame-ancestors of the embed
#: views in the generated _headers and nginx snippet. Origins only (scheme and host, optional
#: port), e.g. ["https://www.gent.be", "https://*.vdab.be"]; ["*"] = every site. The portal
#: itself may always frame them (the preview in the "Embed this" panel).
EMBED_ALLOWED_ORIGINS = ["*"]
#: Where nginx finds the search service (`python -m search.service`): host:port, or
#: unix:/path/to.sock; the generated `_nginx.conf` proxies /api/ there (docs/operations.md).
SEARCH_SERVICE_ADDRESS = "127.0.0.1:8001"

#: Add the addresses a build publishes to addresses.tsv beside the content folder (on for
#: `invoke build`, off for tests and the preview); see docs/dev/identity-and-addresses.md.
RECORD_ADDRESSES = False

#: Build date used to decide scheduled and expired items (YYYY-MM-DD). None = today.
BUILD_DATE = None
#: Show drafts and future items (set by `make serve`).
PREVIEW = False
