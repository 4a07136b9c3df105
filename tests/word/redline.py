#!/usr/bin/env python3
"""Adds Word tracked changes to a DOCX by hand (zipfile + ElementTree), as a reviewer would in Word.

Used by the tests as a writer of redlines other than sec-redline. Usage:

    redline.py IN.docx OUT.docx EDITS.json

EDITS.json is a list of edits, applied in order, each with "author" and "date":
  {"replace": "three months", "with": "six months"}   words changed inside one run
  {"replace": ..., "with": ..., "in_style": "Heading2"} the same, only in paragraphs of that style
  {"delete_paragraph": "6.5"}                         the paragraph whose text starts so, and its mark
  {"insert_after_paragraph": "6.4", "text": "6.4A\tWhere ...", "style": "Provision"}
      (a "text" with no tab is one plain run: a heading, {"style": "Heading3"})
  {"untracked_replace": "seven", "with": "eight"}    words changed without tracking
  {"move": " on request", "to_after": "shall provide"} words moved (w:moveFrom/w:moveTo)
A "replace" whose words are not in one run of some paragraph is an error.
"""
import json
import sys
import zipfile
from copy import deepcopy

import xml.etree.ElementTree as etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Q = lambda tag: "{%s}%s" % (W, tag)
next_id = [9000]
etree.register_namespace("w", W)
etree.register_namespace("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
PARENT = {}


def parent_of(el):
    return PARENT[el]


def index_parents(root):
    PARENT.clear()
    for p in root.iter():
        for c in p:
            PARENT[c] = p


def stamp(el, edit):
    next_id[0] += 1
    el.set(Q("id"), str(next_id[0]))
    el.set(Q("author"), edit["author"])
    el.set(Q("date"), edit["date"])
    return el


def text_of(p):
    return "".join(t.text or "" for t in p.iter(Q("t")))


def run_with(text, rpr, deleted=False):
    r = etree.Element(Q("r"))
    if rpr is not None:
        r.append(deepcopy(rpr))
    t = etree.SubElement(r, Q("delText") if deleted else Q("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def style_of(el):
    while el is not None and el.tag != Q("p"):
        el = PARENT.get(el)
    s = el.find("%s/%s" % (Q("pPr"), Q("pStyle"))) if el is not None else None
    return s.get(Q("val")) if s is not None else None


def replace(body, edit):
    old, new = edit["replace"], edit["with"]
    for t in body.iter(Q("t")):
        if "in_style" in edit and style_of(t) != edit["in_style"]:
            continue
        if t.text and old in t.text:
            r = parent_of(t)
            rpr = r.find(Q("rPr"))
            before, after = t.text.split(old, 1)
            parent = parent_of(r)
            i = list(parent).index(r)
            pieces = []
            if before:
                pieces.append(run_with(before, rpr))
            if old:
                d = stamp(etree.Element(Q("del")), edit)
                d.append(run_with(old, rpr, deleted=True))
                pieces.append(d)
            if new:
                ins = stamp(etree.Element(Q("ins")), edit)
                ins.append(run_with(new, rpr))
                pieces.append(ins)
            if after:
                pieces.append(run_with(after, rpr))
            parent.remove(r)
            for k, piece in enumerate(pieces):
                parent.insert(i + k, piece)
            index_parents(body)
            return
    raise SystemExit("no run holds %r" % old)


def split_run(body, phrase):
    """The run holding `phrase`, split so the phrase is a run of its own: (parent, index of
    the phrase's run, its rPr)."""
    for t in body.iter(Q("t")):
        if t.text and phrase in t.text:
            r = parent_of(t)
            rpr = r.find(Q("rPr"))
            before, after = t.text.split(phrase, 1)
            parent = parent_of(r)
            i = list(parent).index(r)
            parent.remove(r)
            pieces = [run_with(x, rpr) for x in (before, phrase, after)]
            k = i
            for piece, text in zip(pieces, (before, phrase, after)):
                if text:
                    parent.insert(k, piece)
                    k += 1
            index_parents(body)
            return parent, i + (1 if before else 0), rpr
    raise SystemExit("no run holds %r" % phrase)


def move(body, edit):
    name = "move%d" % (next_id[0] + 1)
    parent, i, rpr = split_run(body, edit["move"])
    moved = parent[i]
    parent.remove(moved)
    start = stamp(etree.Element(Q("moveFromRangeStart")), edit)
    start.set(Q("name"), name)
    wrap = stamp(etree.Element(Q("moveFrom")), edit)
    wrap.append(moved)
    end = etree.Element(Q("moveFromRangeEnd"))
    end.set(Q("id"), start.get(Q("id")))
    for k, el in enumerate((start, wrap, end)):
        parent.insert(i + k, el)
    index_parents(body)
    parent, j, _ = split_run(body, edit["to_after"])
    start = stamp(etree.Element(Q("moveToRangeStart")), edit)
    start.set(Q("name"), name)
    wrap = stamp(etree.Element(Q("moveTo")), edit)
    wrap.append(run_with(edit["move"], rpr))
    end = etree.Element(Q("moveToRangeEnd"))
    end.set(Q("id"), start.get(Q("id")))
    for k, el in enumerate((start, wrap, end)):
        parent.insert(j + 1 + k, el)
    index_parents(body)


def untracked_replace(body, edit):
    for t in body.iter(Q("t")):
        if t.text and edit["untracked_replace"] in t.text:
            t.text = t.text.replace(edit["untracked_replace"], edit["with"], 1)
            return
    raise SystemExit("no run holds %r" % edit["untracked_replace"])


def find_paragraph(body, start):
    for p in body.iter(Q("p")):
        if text_of(p).startswith(start):
            return p
    raise SystemExit("no paragraph starts %r" % start)


def mark(p, tag, edit):
    ppr = p.find(Q("pPr"))
    if ppr is None:
        ppr = etree.Element(Q("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(Q("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, Q("rPr"))
    rpr.append(stamp(etree.Element(Q(tag)), edit))


def delete_paragraph(body, edit):
    p = find_paragraph(body, edit["delete_paragraph"])
    for r in list(p.findall(Q("r"))):
        for t in r.findall(Q("t")):
            t.tag = Q("delText")
        d = stamp(etree.Element(Q("del")), edit)
        i = list(p).index(r)
        p.remove(r)
        p.insert(i, d)
        d.append(r)
    mark(p, "del", edit)


def insert_after_paragraph(body, edit):
    p = find_paragraph(body, edit["insert_after_paragraph"])
    new = etree.Element(Q("p"))
    ppr = etree.SubElement(new, Q("pPr"))
    etree.SubElement(ppr, Q("pStyle")).set(Q("val"), edit.get("style", "Provision"))
    mark(new, "ins", edit)
    ins = stamp(etree.SubElement(new, Q("ins")), edit)
    if "\t" in edit["text"]:
        label, _, text = edit["text"].partition("\t")
        bold = etree.Element(Q("rPr"))
        etree.SubElement(bold, Q("b"))
        ins.append(run_with(label, bold if edit.get("bold_label", True) else None))
        tab = etree.SubElement(ins, Q("r"))
        etree.SubElement(tab, Q("tab"))
        ins.append(run_with(text, None))
    else:
        ins.append(run_with(edit["text"], None))
    parent = parent_of(p)
    parent.insert(list(parent).index(p) + 1, new)
    index_parents(body)


def main():
    src, dst, edits = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    body = doc.find(Q("body"))
    index_parents(body)
    for edit in edits:
        if "replace" in edit:
            replace(body, edit)
        elif "move" in edit:
            move(body, edit)
        elif "untracked_replace" in edit:
            untracked_replace(body, edit)
        elif "delete_paragraph" in edit:
            delete_paragraph(body, edit)
        elif "insert_after_paragraph" in edit:
            insert_after_paragraph(body, edit)
        else:
            raise SystemExit("unknown edit %r" % edit)
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


main()
