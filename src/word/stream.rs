//! `word/document.xml` read with `quick-xml`, streaming: each child of `w:body` (a
//! paragraph, a table, a content control) is built as a small tree of its elements, read as
//! the whole document's tree would be (`document.rs`, through [`XNode`]), and dropped before
//! the next one, so the whole document is never held as a tree (docs/decisions.md).

use super::package::W;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

const NONE: u32 = u32::MAX;

/// One element of a block's tree. Names, attribute values and text are ranges of the
/// tree's buffer.
#[derive(Debug, Clone)]
struct Element {
    /// In the WordprocessingML namespace.
    w: bool,
    name: (u32, u32),
    /// The element's `w:` attributes: a range of `Tree::attrs`.
    attrs: (u32, u32),
    /// The text before its first child element, comment or instruction (roxmltree's
    /// `text()`), if any.
    text: Option<(u32, u32)>,
    text_closed: bool,
    first_child: u32,
    last_child: u32,
    next: u32,
}

/// The elements of one block of the body; element 0 is the block.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    elements: Vec<Element>,
    /// Each `w:` attribute: its local name and value, as ranges of `buf`.
    attrs: Vec<((u32, u32), (u32, u32))>,
    buf: String,
}

impl Tree {
    fn clear(&mut self) {
        self.elements.clear();
        self.attrs.clear();
        self.buf.clear();
    }

    fn push_str(&mut self, s: &str) -> (u32, u32) {
        let start = self.buf.len() as u32;
        self.buf.push_str(s);
        (start, self.buf.len() as u32)
    }

    fn str(&self, r: (u32, u32)) -> &str {
        &self.buf[r.0 as usize..r.1 as usize]
    }

    /// Adds the element of `e` under `parent` (or as the block), and returns its index.
    fn add(
        &mut self,
        reader: &quick_xml::NsReader<&[u8]>,
        w: bool,
        e: &quick_xml::events::BytesStart,
        parent: Option<u32>,
    ) -> Result<u32, NotRead> {
        let name = self.push_str(e.local_name().as_ref());
        let first_attr = self.attrs.len() as u32;
        for a in e.attributes() {
            let a = a?;
            let (ans, local) = reader.resolver().resolve_attribute(a.key);
            if matches!(ans, ResolveResult::Unknown(_)) {
                return Err(NotRead);
            }
            if !matches!(ans, ResolveResult::Bound(n) if n.as_ref() == W) {
                continue;
            }
            let value = a.normalized_value(XmlVersion::Implicit1_0)?;
            let k = self.push_str(local.as_ref());
            let v = self.push_str(&value);
            self.attrs.push((k, v));
        }
        let index = self.elements.len() as u32;
        self.elements.push(Element {
            w,
            name,
            attrs: (first_attr, self.attrs.len() as u32),
            text: None,
            text_closed: false,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
        });
        if let Some(p) = parent {
            let parent = &mut self.elements[p as usize];
            parent.text_closed = true;
            let last = parent.last_child;
            parent.last_child = index;
            if last == NONE {
                parent.first_child = index;
            } else {
                self.elements[last as usize].next = index;
            }
        }
        Ok(index)
    }

    fn add_text(&mut self, at: u32, s: &str) {
        if self.elements[at as usize].text_closed {
            return;
        }
        let (start, end) = self.push_str(s);
        let e = &mut self.elements[at as usize];
        e.text = Some(match e.text {
            // Text is only ever added to the element last opened: its ranges are contiguous.
            Some((s0, _)) => (s0, end),
            None => (start, end),
        });
    }

    /// The block itself.
    pub(crate) fn root(&self) -> Node<'_> {
        Node { tree: self, i: 0 }
    }
}

/// The XML is not what quick-xml reads: the caller asks roxmltree why (or reads the tree).
#[derive(Debug)]
pub(crate) struct NotRead;

impl From<quick_xml::Error> for NotRead {
    fn from(_: quick_xml::Error) -> NotRead {
        NotRead
    }
}

impl From<quick_xml::events::attributes::AttrError> for NotRead {
    fn from(_: quick_xml::events::attributes::AttrError) -> NotRead {
        NotRead
    }
}

/// An element of a [`Tree`].
#[derive(Clone, Copy)]
pub(crate) struct Node<'a> {
    tree: &'a Tree,
    i: u32,
}

impl<'a> Node<'a> {
    fn el(&self) -> &'a Element {
        &self.tree.elements[self.i as usize]
    }
}

/// What `document.rs` asks of an element: the whole document's tree (roxmltree) and a
/// block's [`Tree`] answer alike.
pub(crate) trait XNode<'a>: Copy {
    /// Its child elements, in order.
    fn elements(self) -> impl Iterator<Item = Self>;
    /// Whether it is in the `w:` namespace.
    fn in_w(self) -> bool;
    /// Its local name.
    fn local(self) -> &'a str;
    /// Its `w:` attribute `name`.
    fn w_attr(self, name: &str) -> Option<&'a str>;
    /// Its first text, as roxmltree's `text()`.
    fn first_text(self) -> Option<&'a str>;
    /// Whether any element under it is the `w:` element `name`.
    fn has_descendant(self, name: &str) -> bool;
}

impl<'a, 'i: 'a> XNode<'a> for roxmltree::Node<'a, 'i> {
    fn elements(self) -> impl Iterator<Item = Self> {
        self.children().filter(|c| c.is_element())
    }
    fn in_w(self) -> bool {
        self.tag_name().namespace() == Some(W)
    }
    fn local(self) -> &'a str {
        self.tag_name().name()
    }
    fn w_attr(self, name: &str) -> Option<&'a str> {
        self.attribute((W, name))
    }
    fn first_text(self) -> Option<&'a str> {
        self.text()
    }
    fn has_descendant(self, name: &str) -> bool {
        self.descendants().any(|d| super::package::is(d, name))
    }
}

impl<'a> XNode<'a> for Node<'a> {
    fn elements(self) -> impl Iterator<Item = Self> {
        let tree = self.tree;
        let mut i = self.el().first_child;
        std::iter::from_fn(move || {
            if i == NONE {
                return None;
            }
            let n = Node { tree, i };
            i = tree.elements[i as usize].next;
            Some(n)
        })
    }
    fn in_w(self) -> bool {
        self.el().w
    }
    fn local(self) -> &'a str {
        self.tree.str(self.el().name)
    }
    fn w_attr(self, name: &str) -> Option<&'a str> {
        let (a, b) = self.el().attrs;
        self.tree.attrs[a as usize..b as usize]
            .iter()
            .find(|(k, _)| self.tree.str(*k) == name)
            .map(|(_, v)| self.tree.str(*v))
    }
    fn first_text(self) -> Option<&'a str> {
        self.el().text.map(|r| self.tree.str(r))
    }
    fn has_descendant(self, name: &str) -> bool {
        self.elements()
            .any(|c| (c.in_w() && c.local() == name) || c.has_descendant(name))
    }
}

/// Streams `xml` and gives `each` every child element of the root's first `w:body`, as a
/// tree of its own.
pub(crate) fn body_blocks(xml: &str, mut each: impl FnMut(Node)) -> Result<(), NotRead> {
    let mut reader = quick_xml::NsReader::from_str(xml);
    let mut tree = Tree::default();
    // Open elements outside a block; the open elements of the block being built.
    let mut depth = 0usize;
    let mut stack: Vec<u32> = Vec::new();
    let (mut in_body, mut body_done) = (false, false);
    let mut root_seen = false;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        // Whether the element is in the `w:` namespace; a prefix not declared is an error.
        let w = match ns {
            ResolveResult::Unknown(_) => return Err(NotRead),
            ResolveResult::Bound(n) => n.as_ref() == W,
            ResolveResult::Unbound => false,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if !stack.is_empty() {
                    let i = tree.add(&reader, w, &e, stack.last().copied())?;
                    if !empty {
                        stack.push(i);
                    }
                } else if in_body && depth == 2 {
                    tree.clear();
                    tree.add(&reader, w, &e, None)?;
                    if empty {
                        each(tree.root());
                    } else {
                        stack.push(0);
                    }
                } else {
                    if depth == 0 {
                        if root_seen {
                            return Err(NotRead);
                        }
                        root_seen = true;
                    }
                    if depth == 1 && !body_done && w && e.local_name().as_ref() == "body" {
                        if empty {
                            body_done = true;
                        } else {
                            in_body = true;
                        }
                    }
                    if !empty {
                        depth += 1;
                    }
                }
            }
            Event::End(_) => {
                if !stack.is_empty() {
                    stack.pop();
                    if stack.is_empty() {
                        each(tree.root());
                    }
                } else {
                    depth = depth.saturating_sub(1);
                    if in_body && depth == 1 {
                        in_body = false;
                        body_done = true;
                    }
                }
            }
            Event::Text(t) => {
                if let Some(&at) = stack.last() {
                    tree.add_text(at, &t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(&at) = stack.last() {
                    tree.add_text(at, &c);
                }
            }
            Event::GeneralRef(r) => {
                let resolved: String = match r.resolve_char_ref()? {
                    Some(c) => c.to_string(),
                    None => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(NotRead),
                    },
                };
                if let Some(&at) = stack.last() {
                    tree.add_text(at, &resolved);
                }
            }
            Event::Comment(_) | Event::PI(_) => {
                if let Some(&at) = stack.last() {
                    tree.elements[at as usize].text_closed = true;
                }
            }
            // A DTD is refused, as the tree reader refuses it.
            Event::DocType(_) => return Err(NotRead),
            Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    if !root_seen || depth != 0 {
        return Err(NotRead);
    }
    Ok(())
}
