//! The catalog file's format: which column a form field reads from, spreadsheet-safe cells,
//! reading rows (a broken file or header is reported as problems of its own), and spreading
//! a compact list cell over form fields.

use crate::domain::catalog_csv::CSV_COLUMNS;
use crate::domain::form::FormValues;
use crate::model::catalog::ImportError;
use std::collections::HashMap;

/// Largest file accepted, in rows.
pub const MAX_ROWS: usize = 20_000;

/// The column a form field of a product is read from.
pub(super) fn column_of(field: &str) -> &'static str {
    let head = field.split('.').next().unwrap_or(field);
    match (head, field.rsplit('.').next().unwrap_or("")) {
        ("title", _) => "title",
        ("slug", _) => "product",
        ("description", _) => "description",
        ("category", _) => "category",
        ("unit", _) => "unit",
        ("origin", _) => "origin",
        ("currency", _) => "currency",
        ("moq", _) => "moq",
        ("increment", _) => "increment",
        ("tiers", _) => "tiers",
        ("lead_times", _) => "lead_times",
        ("sample", "max_quantity") => "sample_max",
        ("sample", _) => "sample_price",
        ("variants", "name") => "variant",
        ("variants", "price") => "variant_price",
        ("variants", "stock") => "stock",
        ("variants", _) => "sku",
        ("specs", _) => "specs",
        ("custom", _) => "customization",
        ("packaging", _) => "packaging",
        ("weight_kg", _) => "weight_kg",
        ("length_cm", _) => "length_cm",
        ("width_cm", _) => "width_cm",
        ("height_cm", _) => "height_cm",
        _ => "",
    }
}

/// One data row: its line in the file and its cells by column name.
pub(super) struct Row {
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    pub fn get(&self, column: &str) -> &str {
        unguard(self.cells.get(column).map_or("", |v| v.trim()))
    }
}

/// Spreadsheet apps run a cell that starts with one of these as a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// Makes text inert for spreadsheets (a leading apostrophe), so a product title cannot turn
/// into a formula on the computer of whoever opens the export.
pub(super) fn guard(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell }
}

/// Undoes [`guard`] on import, so an exported file reads back unchanged.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

pub(super) fn problem(line: usize, column: &str, message: impl Into<String>) -> ImportError {
    ImportError { line, column: column.to_string(), message: message.into() }
}

/// Reads the file into rows; a broken file (or header) is reported as problems of its own.
pub(super) fn read_rows(text: &str) -> Result<Vec<Row>, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers =
        reader.headers().map_err(|e| vec![problem(1, "", format!("This is not a readable CSV file: {e}"))])?.clone();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut errors = Vec::new();
    for name in headers.iter() {
        let name = name.trim().to_ascii_lowercase();
        match CSV_COLUMNS.iter().find(|(c, _, _)| *c == name) {
            Some((c, _, _)) => columns.push(Some(c)),
            None if name.is_empty() => columns.push(None),
            None => errors.push(problem(1, &name, "Unknown column: use the columns of the template.")),
        }
    }
    if !columns.contains(&Some("sku")) {
        errors.push(problem(1, "sku", "The file needs a “sku” column: products are matched by SKU."));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(vec![problem(line, "", format!("This line cannot be read: {e}"))]);
            }
        };
        let line = record.position().map_or(rows.len() + 2, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(vec![problem(line, "", format!("A file may hold at most {MAX_ROWS} rows: split it in two."))]);
        }
        let cells = columns.iter().zip(record.iter()).filter_map(|(c, v)| Some(((*c)?, v.to_string()))).collect();
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// Spreads a compact list cell ("100:12.50; 500:11") over form fields `section.N.a`/`.b`.
pub(super) fn spread(
    form: &mut FormValues,
    cell: &str,
    section: &str,
    (a, b): (&str, &str),
    sep: char,
) -> Result<(), ()> {
    form.retain(|k, _| !k.starts_with(&format!("{section}.")));
    for (n, item) in cell.split(';').map(str::trim).filter(|i| !i.is_empty()).enumerate() {
        let (left, right) = item.split_once(sep).ok_or(())?;
        form.insert(format!("{section}.{n}.{a}"), left.trim().to_string());
        form.insert(format!("{section}.{n}.{b}"), right.trim().to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_field_maps_to_a_column() {
        for field in [
            "title",
            "slug",
            "tiers.2.price",
            "lead_times.0.days",
            "sample.max_quantity",
            "sample.price",
            "variants.3.name",
            "variants.3.price",
            "variants.3.stock",
            "variants.3.sku",
            "specs.1.key",
            "custom.oem",
            "weight_kg",
        ] {
            let column = column_of(field);
            assert!(CSV_COLUMNS.iter().any(|(c, _, _)| *c == column), "{field} → {column:?}");
        }
    }

    #[test]
    fn compact_lists_spread_over_fields() {
        let mut form = FormValues::new();
        spread(&mut form, "100:12.50; 500 : 11 ;", "tiers", ("min_quantity", "price"), ':').unwrap();
        assert_eq!(form["tiers.1.min_quantity"], "500");
        assert_eq!(form["tiers.1.price"], "11");
        assert_eq!(form.len(), 4);
        assert!(spread(&mut form, "100-12.50", "tiers", ("min_quantity", "price"), ':').is_err());
    }

    #[test]
    fn exported_text_never_runs_as_a_formula_and_reads_back() {
        for text in ["=HYPERLINK(\"http://evil\")", "+1", "-5 mm", "@SUM(A1)", "Shirt", "'quoted"] {
            let guarded = guard(text.to_string());
            assert!(!guarded.starts_with(FORMULA_STARTS), "{guarded}");
            assert_eq!(unguard(&guarded), text);
        }
    }

    #[test]
    fn headers_are_checked() {
        let errors = read_rows("sku,colour\nA,red\n").err().unwrap();
        assert_eq!((errors[0].line, errors[0].column.as_str()), (1, "colour"));
        let errors = read_rows("title\nShirt\n").err().unwrap();
        assert_eq!(errors[0].column, "sku");
        let rows = read_rows("\u{feff}SKU,Title\nA-1,Shirt\n,\nA-2,\"Shirt, long\"\n").ok().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].line, rows[1].get("title")), (4, "Shirt, long"));
    }
}
