"""For tests of history pages: a page's main text, tags taken out."""

import re
from html import unescape


def main_text(response) -> str:
    main = response.content.decode().split("<main", 1)[-1].split("</main>")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())
