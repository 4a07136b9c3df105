#!/usr/bin/env python3
"""Writes Word packages by hand (zipfile, no Word library), one per numbering case the
importer must resolve as Word prints it. Usage: numbering_packages.py OUTDIR

Each package is a minimal WordprocessingML document: [Content_Types].xml, _rels/.rels,
word/document.xml, word/styles.xml, word/numbering.xml, word/_rels/document.xml.rels.
The tests read the numbers LibreOffice prints for each (its text export) as the oracle.
"""
import os
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


def style(sid, name, based=None, num=None, ilvl=None, outline=None, bold=False):
    x = '<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>' % (sid, name)
    if based:
        x += '<w:basedOn w:val="%s"/>' % based
    x += "<w:pPr>"
    if num is not None:
        x += "<w:numPr>"
        if ilvl is not None:
            x += '<w:ilvl w:val="%d"/>' % ilvl
        x += '<w:numId w:val="%s"/></w:numPr>' % num
    if outline is not None:
        x += '<w:outlineLvl w:val="%d"/>' % outline
    x += "</w:pPr>"
    if bold:
        x += "<w:rPr><w:b/></w:rPr>"
    return x + "</w:style>"


STYLES_COMMON = [
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
    style("Title", "Title", "Normal"),
    style("Heading1", "heading 1", "Normal", outline=0),
    style("Heading2", "heading 2", "Normal", outline=1),
    style("Heading3", "heading 3", "Normal", outline=2),
]


def lvl(ilvl, fmt, text, start=1, restart=None, legal=False, pstyle=None):
    x = '<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>' % (ilvl, start, fmt)
    if restart is not None:
        x += '<w:lvlRestart w:val="%d"/>' % restart
    if pstyle:
        x += '<w:pStyle w:val="%s"/>' % pstyle
    if legal:
        x += "<w:isLgl/>"
    x += '<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>' % text
    x += '<w:pPr><w:ind w:left="%d" w:hanging="720"/></w:pPr></w:lvl>' % (720 * (ilvl + 1))
    return x


def scheme(aid, part_fmt="decimal", part_start=1, legal=False, provision_restart=None, item_restart=None, styles=None):
    """The Code's scheme: Part %1, provision %1.%2, (a), (i)."""
    s = styles or {}
    return (
        '<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="multilevel"/>' % aid
        + lvl(0, part_fmt, "%1", start=part_start, legal=legal, pstyle=s.get(0))
        + lvl(1, "decimal", "%1.%2", restart=provision_restart, legal=legal, pstyle=s.get(1))
        + lvl(2, "lowerLetter", "(%3)", restart=item_restart, pstyle=s.get(2))
        + lvl(3, "lowerRoman", "(%4)", pstyle=s.get(3))
        + lvl(4, "upperLetter", "(%5)", pstyle=s.get(4))
        + "</w:abstractNum>"
    )


def num(nid, aid, overrides=""):
    return '<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>' % (nid, aid, overrides)


def para(text, style=None, num=None, ilvl=None, bold_words=None):
    x = "<w:p><w:pPr>"
    if style:
        x += '<w:pStyle w:val="%s"/>' % style
    if num is not None or ilvl is not None:
        x += "<w:numPr>"
        if ilvl is not None:
            x += '<w:ilvl w:val="%d"/>' % ilvl
        if num is not None:
            x += '<w:numId w:val="%s"/>' % num
        x += "</w:numPr>"
    x += "</w:pPr>"
    if bold_words and bold_words in text:
        before, after = text.split(bold_words, 1)
        x += run(before) + run(bold_words, bold=True) + run(after)
    else:
        x += run(text)
    return x + "</w:p>"


def run(text, bold=False, italic=False):
    if not text:
        return ""
    rpr = ""
    if bold or italic:
        rpr = "<w:rPr>%s%s</w:rPr>" % ("<w:b/>" if bold else "", "<w:i/>" if italic else "")
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, text)


def package(path, body, numbering, styles):
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, "".join(body))
    sty = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="%s">%s</w:styles>' % (W, "".join(STYLES_COMMON + styles))
    numx = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="%s">%s</w:numbering>' % (W, "".join(numbering))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/styles.xml", sty)
        z.writestr("word/numbering.xml", numx)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)


def direct(out):
    """Direct w:numPr on each paragraph: %1.%2, (a) lowerLetter, (i) lowerRoman, (A); level
    restarts (a sub-list starts again under each provision); w:start on the Part level."""
    body = [
        para("Appendix Q: Numbering Direct", "Title"),
        para("General", "Heading2", 1, 0),
        para("The first provision of the Appendix.", None, 1, 1),
        para("The second provision, which has sub-paragraphs:", None, 1, 1),
        para("the first item;", None, 1, 2),
        para("the second item, which has its own:", None, 1, 2),
        para("first roman item;", None, 1, 3),
        para("second roman item, with capitals:", None, 1, 3),
        para("capital one; and", None, 1, 4),
        para("capital two; and", None, 1, 4),
        para("third roman item; and", None, 1, 3),
        para("the third item.", None, 1, 2),
        para("The third provision restarts its items:", None, 1, 1),
        para("again the first item; and", None, 1, 2),
        para("again the second item.", None, 1, 2),
        para("Definitions", "Heading2", 1, 0),
        para("In this Appendix, Device Model has the meaning given in Section F.", None, 1, 1, bold_words="Device Model"),
        para("A provision after the restart of the Part level.", None, 1, 1),
    ]
    package(os.path.join(out, "direct.docx"), body, [scheme(1, part_start=3), num(1, 1)], [])


def styles_case(out):
    """Numbering set on paragraph styles (w:numPr with its level, as Word writes it) and
    inherited through w:basedOn; numId 0 on a paragraph switching its style's numbering off."""
    styles = [
        style("CodePart", "Code Part", "Heading2", num=7, ilvl=0),
        style("CodeProvision", "Code Provision", "Normal", num=7, ilvl=1),
        style("CodeProvisionKeep", "Code Provision Keep", "CodeProvision"),
        style("CodeItem", "Code Item", "Normal", num=7, ilvl=2),
        style("CodeItemKeep", "Code Item Keep", "CodeItem"),
        style("CodeRoman", "Code Roman", "CodeItem", num=7, ilvl=3),
    ]
    numbering = [
        scheme(4, styles={0: "CodePart", 1: "CodeProvision", 2: "CodeItem", 3: "CodeRoman"}),
        num(7, 4),
    ]
    body = [
        para("Appendix S: Numbering by Style", "Title"),
        para("Scope", "CodePart"),
        para("A provision numbered by its style.", "CodeProvision"),
        para("A provision whose style is based on the numbered one:", "CodeProvisionKeep"),
        para("an item numbered by its style;", "CodeItem"),
        para("an item whose style is based on the item style:", "CodeItemKeep"),
        para("a roman item in a style of its own;", "CodeRoman"),
        para("a second roman item; and", "CodeRoman"),
        para("a last item.", "CodeItem"),
        para("A paragraph in the provision style with numbering switched off (numId 0).", "CodeProvision", num=0),
        para("Another provision numbered by its style.", "CodeProvision"),
        para("Application", "CodePart"),
        para("The first provision of the second Part.", "CodeProvision"),
    ]
    package(os.path.join(out, "styles.docx"), body, numbering, styles)


def overrides(out):
    """w:lvlOverride: a w:startOverride on a second instance of the same definition (that
    level starts again there, from the new start), and a level redefined by an override
    (capital letters for items) on a third instance, which goes on counting the list."""
    numbering = [
        scheme(1),
        num(1, 1),
        num(2, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
        num(3, 1, '<w:lvlOverride w:ilvl="2">' + lvl(2, "upperLetter", "(%3)") + "</w:lvlOverride>"),
    ]
    body = [
        para("Appendix O: Numbering Overrides", "Title"),
        para("First Part", "Heading2", 1, 0),
        para("The first provision.", None, 1, 1),
        para("The second provision:", None, 1, 1),
        para("an item in small letters; and", None, 1, 2),
        para("another in small letters.", None, 1, 2),
        para("Second Part", "Heading2", 1, 0),
        para("A provision of the second Part.", None, 1, 1),
        para("Fifth Part", "Heading2", 2, 0),
        para("A provision under a Part whose number starts at five by an override.", None, 2, 1),
        para("A provision whose items are redefined in capitals:", None, 3, 1),
        para("a capital item; and", None, 3, 2),
        para("a second capital item.", None, 3, 2),
    ]
    package(os.path.join(out, "overrides.docx"), body, numbering, [])


def restart(out):
    """w:lvlRestart: items that restart only when a Part starts (lvlRestart 1), not at each
    provision; and (restart_never.docx) provisions whose level never restarts (lvlRestart 0)."""
    for name, numbering in (
        ("restart.docx", [scheme(1, item_restart=1), num(1, 1)]),
        ("restart_never.docx", [scheme(1, provision_restart=0), num(1, 1)]),
    ):
        body = [
            para("Appendix R: Numbering Restarts", "Title"),
            para("First Part", "Heading2", 1, 0),
            para("A provision with items:", None, 1, 1),
            para("the first item; and", None, 1, 2),
            para("the second item.", None, 1, 2),
            para("A provision whose items go on:", None, 1, 1),
            para("the third item; and", None, 1, 2),
            para("the fourth item.", None, 1, 2),
            para("Second Part", "Heading2", 1, 0),
            para("A provision of the second Part:", None, 1, 1),
            para("an item of the second Part.", None, 1, 2),
        ]
        package(os.path.join(out, name), body, numbering, [])


def legal(out):
    """w:isLgl: provisions counted in letters (1.a), but their level has legal numbering, so
    every number in its label is shown in Arabic numerals (1.1)."""
    numbering = [
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
        + lvl(0, "decimal", "%1")
        + lvl(1, "lowerLetter", "%1.%2", legal=True)
        + lvl(2, "lowerLetter", "(%3)")
        + "</w:abstractNum>",
        num(1, 1),
    ]
    body = [
        para("Appendix L: Legal Numbering", "Title"),
        para("First", "Heading2", 1, 0),
        para("A provision numbered in the legal style.", None, 1, 1),
        para("Another provision:", None, 1, 1),
        para("with an item.", None, 1, 2),
        para("Second", "Heading2", 1, 0),
        para("The first provision under the second heading.", None, 1, 1),
    ]
    package(os.path.join(out, "legal.docx"), body, numbering, [])


def outside(out):
    """What the Code's scheme has no place for: a bulleted paragraph, a paragraph numbered
    1.2.3 (three levels), an image, a field, a comment and a text box, each a located warning."""
    numbering = [
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
        + lvl(0, "decimal", "%1")
        + lvl(1, "decimal", "%1.%2")
        + lvl(2, "decimal", "%1.%2.%3")
        + "</w:abstractNum>",
        '<w:abstractNum w:abstractNumId="2">' + lvl(0, "bullet", "\u2022") + "</w:abstractNum>",
        num(1, 1),
        num(2, 2),
    ]
    def numbered(inner):
        return '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>%s</w:p>' % inner

    body = [
        para("Appendix X: Outside the Scheme", "Title"),
        para("Only Part", "Heading2", 1, 0),
        para("A provision.", None, 1, 1),
        para("A paragraph numbered three levels deep.", None, 1, 2),
        para("A bulleted paragraph.", None, 2, 0),
        para("A second provision.", None, 1, 1),
        numbered(run("A provision with an image ") + "<w:r><w:drawing/></w:r>" + run("in it.")),
        numbered(run("A provision on page ") + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>' + run(".")),
        numbered('<w:commentRangeStart w:id="0"/>' + run("A provision with a comment.") + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'),
        numbered(run("A provision with a text box.") + '<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>'),
    ]
    package(os.path.join(out, "outside.docx"), body, numbering, [])


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for case in (direct, styles_case, overrides, restart, legal, outside):
        case(out)
