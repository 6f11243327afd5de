//! A4 documents in the built-in PDF fonts (no font files to ship), written line by line
//! from the top, a new page started when one is full: invoices and commission invoices.

use crate::error::{AppError, OrInternal};
use printpdf::{BuiltinFont, IndirectFontRef, Mm, PdfDocumentReference, PdfLayerReference};

pub struct Pdf {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
}

const TOP: f32 = 277.0;
const BOTTOM: f32 = 20.0;

impl Pdf {
    pub fn new(title: &str) -> Result<Pdf, AppError> {
        let (doc, page, layer) = printpdf::PdfDocument::new(text(title), Mm(210.0), Mm(297.0), "Page");
        let regular = doc.add_builtin_font(BuiltinFont::Helvetica).or_internal()?;
        let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold).or_internal()?;
        let layer = doc.get_page(page).get_layer(layer);
        Ok(Pdf { doc, layer, regular, bold, y: TOP })
    }

    /// Writes `line` at `x` mm, then moves down `advance` mm (0 to write beside it).
    pub fn line(&mut self, line: &str, size: f32, x: f32, strong: bool, advance: f32) {
        if self.y < BOTTOM {
            let (page, layer) = self.doc.add_page(Mm(210.0), Mm(297.0), "Page");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.y = TOP;
        }
        let font = if strong { &self.bold } else { &self.regular };
        self.layer.use_text(text(line), size, Mm(x), Mm(self.y), font);
        self.y -= advance;
    }

    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        self.doc.save_to_bytes().or_internal()
    }
}

/// The built-in PDF fonts cover Windows-1252; anything else is spelt in ASCII.
fn text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c as u32) < 0x100 || "€‚„…†‡‰‹›‘’“”•–—™".contains(c) {
                c.to_string()
            } else {
                deunicode::deunicode_char(c).unwrap_or("?").to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_keeps_western_letters_and_spells_out_the_rest() {
        assert_eq!(text("Lagerstraße 5 — €"), "Lagerstraße 5 — €");
        assert_eq!(text("北京"), "Bei Jing ");
    }
}
