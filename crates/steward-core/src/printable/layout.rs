//! Lays a record's blocks out on A4 pages and writes the PDF with krilla: the bundled font
//! (embedded, subset to the glyphs used), lines broken at Unicode line-break opportunities
//! (textwrap) by the font's own advances (skrifa), a running footer with the page number.
//! Holds no user data beyond the document it is building.

use std::collections::HashMap;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use textwrap::core::Fragment;
use textwrap::WordSeparator;

use super::content::Block;
use crate::error::{Error, Result};

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE: (f32, f32) = (595.0, 842.0);
/// Left and right margins.
const MARGIN_X: f32 = 64.0;
/// Top margin.
const MARGIN_TOP: f32 = 64.0;
/// Bottom margin (the footer sits inside it).
const MARGIN_BOTTOM: f32 = 72.0;

/// Body text.
const BODY: f32 = 10.5;
/// Line height as a multiple of the size.
const LEADING: f32 = 1.45;
const INK: (u8, u8, u8) = (28, 30, 34);
const MUTED: (u8, u8, u8) = (92, 96, 104);
const RULE: (u8, u8, u8) = (200, 203, 208);

/// One face: krilla's handle and the advances (em fractions) of the characters used.
struct Face {
    font: Font,
    upem: f32,
    data: &'static [u8],
    advances: HashMap<char, f32>,
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Self> {
        let font = Font::new(data.into(), 0).ok_or_else(|| bundled("krilla"))?;
        let upem = FontRef::new(data)
            .map_err(|_| bundled("skrifa"))?
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Ok(Face {
            font,
            upem,
            data,
            advances: HashMap::new(),
        })
    }

    /// The width of `text` at `size` points.
    fn width(&mut self, text: &str, size: f32) -> f32 {
        let font = FontRef::new(self.data).expect("checked when loaded");
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let upem = self.upem;
        let em: f32 = text
            .chars()
            .map(|c| {
                *self.advances.entry(c).or_insert_with(|| {
                    let glyph = charmap.map(c).unwrap_or_default();
                    metrics.advance_width(glyph).unwrap_or(0.0) / upem
                })
            })
            .sum();
        em * size
    }
}

fn bundled(reader: &str) -> Error {
    Error::InvalidInput(format!("the bundled PDF font does not load ({reader})"))
}

/// A word measured in points, for textwrap's line breaking.
#[derive(Debug)]
struct Measured<'a> {
    text: &'a str,
    width: f64,
    space: f64,
}

impl Fragment for Measured<'_> {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// How a block's text looks.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    color: (u8, u8, u8),
    before: f32,
    after: f32,
    indent: f32,
}

fn style_of(block: &Block) -> Style {
    let base = Style {
        size: BODY,
        bold: false,
        color: INK,
        before: 0.0,
        after: 5.0,
        indent: 0.0,
    };
    match block {
        Block::Title(_) => Style {
            size: 22.0,
            bold: true,
            after: 4.0,
            ..base
        },
        Block::Subtitle(_) => Style {
            size: 11.5,
            color: MUTED,
            after: 18.0,
            ..base
        },
        Block::Heading(_) => Style {
            size: 15.0,
            bold: true,
            before: 16.0,
            after: 8.0,
            ..base
        },
        Block::Item(_) => Style {
            size: 13.0,
            bold: true,
            before: 10.0,
            after: 6.0,
            ..base
        },
        Block::Subheading(_) => Style {
            size: BODY,
            bold: true,
            before: 8.0,
            after: 2.0,
            ..base
        },
        Block::Meta(_) => Style {
            size: 9.5,
            color: MUTED,
            after: 3.0,
            ..base
        },
        Block::Para(_) => base,
        Block::Bullet(_) => Style {
            indent: 14.0,
            after: 3.0,
            ..base
        },
        Block::Rule => base,
    }
}

/// A line placed on the page: where its baseline starts, and how it looks.
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    color: (u8, u8, u8),
    text: String,
}

/// Writes pages as the blocks come.
struct Writer {
    doc: Document,
    regular: Face,
    bold: Face,
    /// Lines of the current page.
    lines: Vec<Placed>,
    rules: Vec<f32>,
    y: f32,
    pages: u32,
    footer: String,
}

impl Writer {
    fn face(&mut self, bold: bool) -> &mut Face {
        if bold {
            &mut self.bold
        } else {
            &mut self.regular
        }
    }

    fn room(&self) -> f32 {
        PAGE.1 - MARGIN_BOTTOM - self.y
    }

    fn new_page(&mut self) {
        self.flush();
        self.y = MARGIN_TOP;
    }

    /// Draws the current page's lines (if any) on a new PDF page.
    fn flush(&mut self) {
        if self.lines.is_empty() && self.rules.is_empty() {
            return;
        }
        self.pages += 1;
        let footer = format!("{} · {}", self.footer, self.pages);
        let footer_width = self.regular.width(&footer, 8.5);
        let settings = PageSettings::from_wh(PAGE.0, PAGE.1).expect("A4 is a valid page");
        let mut page = self.doc.start_page_with(settings);
        let mut surface = page.surface();
        for y in self.rules.drain(..) {
            let mut path = PathBuilder::new();
            let rect = Rect::from_xywh(MARGIN_X, y, PAGE.0 - 2.0 * MARGIN_X, 0.6);
            path.push_rect(rect.expect("a rule fits the page"));
            surface.set_fill(Some(fill(RULE)));
            if let Some(path) = path.finish() {
                surface.draw_path(&path);
            }
        }
        let mut lines = std::mem::take(&mut self.lines);
        lines.push(Placed {
            x: (PAGE.0 - footer_width) / 2.0,
            y: PAGE.1 - MARGIN_BOTTOM / 2.0,
            size: 8.5,
            bold: false,
            color: MUTED,
            text: footer,
        });
        for line in &lines {
            surface.set_fill(Some(fill(line.color)));
            let face = if line.bold { &self.bold } else { &self.regular };
            surface.draw_text(
                Point::from_xy(line.x, line.y),
                face.font.clone(),
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }

    fn block(&mut self, block: &Block) {
        let style = style_of(block);
        let text = match block {
            Block::Rule => {
                if self.room() < 24.0 {
                    self.new_page();
                }
                self.y += 6.0;
                self.rules.push(self.y);
                self.y += 10.0;
                return;
            }
            Block::Title(t)
            | Block::Subtitle(t)
            | Block::Heading(t)
            | Block::Item(t)
            | Block::Subheading(t)
            | Block::Meta(t)
            | Block::Para(t)
            | Block::Bullet(t) => t.as_str(),
        };
        let line_height = style.size * LEADING;
        let width = PAGE.0 - 2.0 * MARGIN_X - style.indent;
        let lines = self.wrap(text, style, width);
        // A heading never ends a page: it keeps a few lines of what follows with it (a
        // week's or section's title the first label and its text too).
        let keep = match block {
            Block::Heading(_) | Block::Item(_) => line_height + 6.0 * BODY * LEADING,
            Block::Subheading(_) => line_height + 2.0 * BODY * LEADING,
            _ => line_height,
        };
        if self.y > MARGIN_TOP {
            self.y += style.before;
        }
        if self.room() < keep {
            self.new_page();
        }
        for (i, line) in lines.into_iter().enumerate() {
            if self.room() < line_height {
                self.new_page();
            }
            self.y += line_height;
            let x = MARGIN_X + style.indent;
            let baseline = self.y - (line_height - style.size) / 2.0;
            if i == 0 && matches!(block, Block::Bullet(_)) {
                self.lines.push(Placed {
                    x: MARGIN_X + 3.0,
                    y: baseline,
                    size: style.size,
                    bold: false,
                    color: MUTED,
                    text: "•".into(),
                });
            }
            self.lines.push(Placed {
                x,
                y: baseline,
                size: style.size,
                bold: style.bold,
                color: style.color,
                text: line,
            });
        }
        self.y += style.after;
    }

    /// `text` broken into lines of at most `width` points (hard breaks kept; a word wider
    /// than a line is cut where it fills it).
    fn wrap(&mut self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        for paragraph in text.split('\n') {
            let face = self.face(style.bold);
            let mut words: Vec<Measured<'_>> = Vec::new();
            for w in WordSeparator::UnicodeBreakProperties.find_words(paragraph) {
                for piece in split_to_fit(face, w.word, style.size, width) {
                    words.push(Measured {
                        text: piece,
                        width: f64::from(face.width(piece, style.size)),
                        space: 0.0,
                    });
                }
                if let Some(last) = words.last_mut() {
                    last.space = f64::from(face.width(w.whitespace, style.size));
                }
            }
            if words.is_empty() {
                out.push(String::new());
                continue;
            }
            let broken = textwrap::wrap_algorithms::wrap_first_fit(&words, &[f64::from(width)]);
            for line in broken {
                let mut s = String::new();
                for (i, w) in line.iter().enumerate() {
                    s.push_str(w.text);
                    if i + 1 < line.len() && w.space > 0.0 {
                        s.push(' ');
                    }
                }
                out.push(s);
            }
        }
        out
    }
}

/// `word` cut into pieces no wider than `width` (most words are one piece).
fn split_to_fit<'a>(face: &mut Face, word: &'a str, size: f32, width: f32) -> Vec<&'a str> {
    if face.width(word, size) <= width {
        return vec![word];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (i, c) in word.char_indices() {
        let w = face.width(c.encode_utf8(&mut [0; 4]), size);
        if used + w > width && i > start {
            pieces.push(&word[start..i]);
            start = i;
            used = 0.0;
        }
        used += w;
    }
    pieces.push(&word[start..]);
    pieces
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The PDF of `blocks`, titled `title` (in the document's metadata, which holds nothing
/// else: no author, no dates), with `footer` and the page number at the foot of each page.
pub(crate) fn render(
    blocks: &[Block],
    title: &str,
    footer: &str,
    language: &str,
) -> Result<Vec<u8>> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Steward".into())
            .language(language.to_string()),
    );
    let mut w = Writer {
        doc,
        regular: Face::new(REGULAR)?,
        bold: Face::new(BOLD)?,
        lines: Vec::new(),
        rules: Vec::new(),
        y: MARGIN_TOP,
        pages: 0,
        footer: footer.to_string(),
    };
    for block in blocks {
        w.block(block);
    }
    w.flush();
    if w.pages == 0 {
        // No blocks: still one (empty) page, a PDF needs one.
        w.rules.push(MARGIN_TOP);
        w.flush();
    }
    w.doc
        .finish()
        .map_err(|e| Error::InvalidInput(format!("the PDF could not be written ({e:?})")))
}
