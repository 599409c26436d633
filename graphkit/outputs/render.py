"""The reader page: one self-contained, offline HTML file.

The page is graphkit's own template with vis-network's script and style
(shipped inside the pyvis package) and graphkit's ``page.js``/``page.css``
inlined, so no request leaves it. Python decides *what* is drawn (the evidence
filter, the node budget, node sizes, positions for large graphs) and writes it
as JSON into a ``<script type="application/json">`` block with ``<`` escaped;
the page's script styles it from the vocabulary, filters it live and builds
every text with ``textContent``, so no CSV text is ever parsed as HTML.

>>> from graphkit.core.graph import load_graph
>>> path = render_html(load_graph("data"), "out/doctest-page.html")
>>> path.read_text(encoding="utf-8").count("<script src=")
0
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pyvis

from ..claims.model import EvidenceFilter
from ..core.engine import ClaimIndex
from ..core.graph import ClaimGraph
from ..errors import GraphkitError
from .layout import layout_positions
from .page_data import (DEFAULT_HOPS, DEFAULT_MAX_NODES, DEFAULT_SIZE_BY, LAYOUT_IN_ADVANCE,  # noqa: F401
                        index_page_data, page_data)

__all__ = ["render_html", "page_data", "index_page_data", "page_html", "write_page", "show", "NotebookPage",
           "layout_positions", "DEFAULT_MAX_NODES", "DEFAULT_HOPS", "DEFAULT_SIZE_BY"]

_TEMPLATES = Path(__file__).parent / "templates"
# The page's script, one function body in this order (page.js says what each part holds).
_SCRIPTS = ("page.js", "paths.js", "pathpanel.js", "share.js")
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
DEFAULT_TITLE = "graphkit: sourced network"


# -- the page -------------------------------------------------------------------------


def _script_safe(text: str, name: str) -> jinja2.utils.markupsafe.Markup:
    """Inline a script or style: refuse text that could close its element early."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise GraphkitError(f"{name} holds a closing tag and cannot be inlined")
    return jinja2.utils.markupsafe.Markup(text)


def page_html(data: dict, title: str = DEFAULT_TITLE) -> str:
    """The self-contained page for :func:`page_data`'s output."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script> only "</" could end the block; escaping every "<" also keeps "<!--" inert.
    payload = payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

    def read(path: Path) -> jinja2.utils.markupsafe.Markup:
        return _script_safe(path.read_text(encoding="utf-8"), path.name)

    return env.get_template("page.html").render(
        title=title, graph_json=jinja2.utils.markupsafe.Markup(payload),
        vis_css=read(_VIS / "vis-network.css"), vis_js=read(_VIS / "vis-network.min.js"),
        page_css=read(_TEMPLATES / "page.css"),
        page_js=_script_safe("\n".join(read(_TEMPLATES / name) for name in _SCRIPTS), "the page's script"),
    )


def render_html(g: ClaimGraph | ClaimIndex, output: str | Path, evidence: EvidenceFilter | None = None,
                title: str = DEFAULT_TITLE, *, focus: str | None = None, hops: int = DEFAULT_HOPS,
                size_by: str = DEFAULT_SIZE_BY, max_nodes: int = DEFAULT_MAX_NODES, parties: bool = False) -> Path:
    """Write the reader page as UTF-8 and return its path (see :func:`page_data`)."""
    data = page_data(g, evidence, focus=focus, hops=hops, size_by=size_by, max_nodes=max_nodes, parties=parties)
    return write_page(data, output, title)


def write_page(data: dict, output: str | Path, title: str = DEFAULT_TITLE) -> Path:
    """Write :func:`page_data`'s output as a page, in UTF-8 whatever the platform's encoding."""
    return _write(page_html(data, title), output)


def _write(text: str, output: str | Path) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return output


# -- notebooks --------------------------------------------------------------------------


@dataclass
class NotebookPage:
    """The reader page shown inline in Jupyter and VS Code notebooks.

    Notebooks display ``_repr_html_``: an ``<iframe srcdoc>`` holding the whole
    page (attribute-escaped), so nothing is fetched from a file or a server
    that the notebook's frame might block. ``sandbox`` lets the page run its
    script and open source links, but not reach the notebook itself.
    """

    html: str = field(repr=False)  # the whole page: keep it out of text/plain outputs
    height: int = 650

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="graphkit reader page" '
                f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd;" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>')

    def save(self, output: str | Path) -> Path:
        """Write the same page to a file."""
        return _write(self.html, output)


def show(g: ClaimGraph | ClaimIndex, evidence: EvidenceFilter | None = None, *, height: int = 650,
         title: str = DEFAULT_TITLE, **options) -> NotebookPage:
    """The reader page for a notebook cell; ``options`` as for :func:`page_data`.

    >>> from graphkit.core.graph import load_graph
    >>> show(load_graph("data"), height=500)._repr_html_().startswith("<iframe srcdoc=")
    True
    """
    return NotebookPage(page_html(page_data(g, evidence, **options), title), height)
