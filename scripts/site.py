#!/usr/bin/env python3
"""Exports the course handouts to HTML (nbconvert): build/site/index.html plus one page per notebook.

usage: site.py [--partial] [--out DIR]
  Chapters: the executed copies in build/notebooks/ (./crossview notebooks makes them), one per notebooks/*.ipynb.
  A chapter without an executed copy is an error naming the command that makes it; with --partial its committed
  notebook (no outputs) is exported instead and the index marks it "not executed".
  Exercises: notebooks/exercises/*.ipynb as committed (what a student fills in; files whose name contains
  "solution" are left out). None yet is not an error.
"""
import argparse
import glob
import html
import os
import re
import sys
import time

import nbformat
from nbconvert import HTMLExporter

HOME = os.environ.get("CROSSVIEW_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(HOME, "notebooks")
EXECUTED = os.path.join(HOME, "build", "notebooks")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def first_heading(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = HEADING.search(cell.source)
            if m:
                return m.group(1)
    return fallback


def code_outputs(nb):
    return sum(len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")


def export(exporter, nb, out_path):
    body, _ = exporter.from_notebook_node(nb)
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(out_path + ".tmp", out_path)


def chapters(partial):
    """(name, notebook to export, note for the index) per notebooks/*.ipynb; exits when one is missing and not partial."""
    found, missing = [], []
    for src in sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb"))):
        name = os.path.basename(src)[:-len(".ipynb")]
        executed = os.path.join(EXECUTED, name + ".ipynb")
        if os.path.isfile(executed):
            note = "executed " + time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(executed)))
            if os.path.getmtime(src) > os.path.getmtime(executed):
                note += ", older than notebooks/%s.ipynb" % name
                print("site: warning: build/notebooks/%s.ipynb is older than its source; re-run "
                      "./crossview notebooks %s" % (name, name), file=sys.stderr)
            found.append((name, executed, note))
        elif partial:
            found.append((name, src, "not executed"))
        else:
            missing.append(name)
    if missing:
        command = "./crossview notebooks" + ("" if not found else " " + " ".join(missing))
        sys.exit("site: no executed copy of %s in build/notebooks/; make them with: %s\n"
                 "      (or ./crossview site --partial to export the unexecuted ones as committed)"
                 % (", ".join(missing), command))
    if not found:
        sys.exit("site: no notebooks in %s" % NOTEBOOKS)
    return found


def exercises():
    paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "exercises", "*.ipynb")))
    return [(os.path.basename(p)[:-len(".ipynb")], p) for p in paths if "solution" not in os.path.basename(p).lower()]


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>CrossView course handouts</title>
<style>
 body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
 h1 {{ margin-bottom: .2em; }} .sub {{ color: #555; margin-top: 0; }}
 ol {{ padding-left: 0; list-style: none; }} li {{ margin: .45em 0; }}
 .file {{ font-family: monospace; color: #666; font-size: .9em; }} .note {{ color: #777; font-size: .85em; }}
 .missing {{ color: #a33; }}
</style></head><body>
<h1>CrossView: multi-view 2D/3D registration</h1>
<p class="sub">Course handouts: the chapters as executed, and the exercises a student fills in. Exported {when}.</p>
<h2>Chapters</h2>
{unexecuted}<ol>
{chapters}
</ol>
<h2>Exercises</h2>
{exercises}
</body></html>
"""


def entry(href, title, source, note):
    """One index line: the page's first heading as the link, the notebook it came from, a note."""
    cls = "note missing" if note == "not executed" else "note"
    return ('<li><a href="{href}">{title}</a> <span class="file">{source}</span>{note}</li>'
            .format(href=html.escape(href), title=html.escape(title), source=html.escape(source),
                    note=' <span class="%s">%s</span>' % (cls, html.escape(note)) if note else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--partial", action="store_true",
                    help="export a chapter's committed notebook when it has no executed copy")
    ap.add_argument("--out", default=os.path.join(HOME, "build", "site"), help="output folder (default build/site)")
    args = ap.parse_args()

    chapter_list = chapters(args.partial)
    exercise_list = exercises()
    os.makedirs(os.path.join(args.out, "exercises"), exist_ok=True)
    exporter = HTMLExporter()
    exporter.embed_images = True  # markdown images travel inside the page

    lines = []
    for name, path, note in chapter_list:
        nb = nbformat.read(path, as_version=4)
        export(exporter, nb, os.path.join(args.out, name + ".html"))
        lines.append(entry(name + ".html", first_heading(nb, name), "notebooks/%s.ipynb" % name, note))
        print("site: %-28s %3d outputs  %s" % (name, code_outputs(nb), note), file=sys.stderr)
    ex_lines = []
    for name, path in exercise_list:
        nb = nbformat.read(path, as_version=4)
        export(exporter, nb, os.path.join(args.out, "exercises", name + ".html"))
        ex_lines.append(entry("exercises/%s.html" % name, first_heading(nb, name),
                              "notebooks/exercises/%s.ipynb" % name, ""))
        print("site: exercises/%-18s" % name, file=sys.stderr)
    ex_html = ("<ol>\n%s\n</ol>" % "\n".join(ex_lines)) if ex_lines else \
        '<p class="note">No exercises yet (notebooks/exercises/ holds none).</p>'
    unexecuted = [name for name, _, note in chapter_list if note == "not executed"]
    if len(unexecuted) == len(chapter_list):
        unexecuted_html = ('<p class="note missing">Exported without outputs: no chapter executed yet. Run '
                           '<code>./crossview notebooks</code>, then <code>./crossview site</code>.</p>\n')
    elif unexecuted:
        unexecuted_html = ('<p class="note missing">Exported without outputs: %s. Run <code>./crossview notebooks %s'
                           '</code>, then <code>./crossview site</code>.</p>\n' % (", ".join(unexecuted), " ".join(unexecuted)))
    else:
        unexecuted_html = ""
    index = os.path.join(args.out, "index.html")
    with open(index + ".tmp", "w", encoding="utf-8") as f:
        f.write(INDEX.format(when=time.strftime("%Y-%m-%d %H:%M"), chapters="\n".join(lines), exercises=ex_html,
                             unexecuted=unexecuted_html))
    os.replace(index + ".tmp", index)
    print("site: %d chapters, %d exercises -> %s" % (len(chapter_list), len(exercise_list), index), file=sys.stderr)


if __name__ == "__main__":
    main()
