//! Writing the catalog as CSV: every product (one row per SKU) in the import's format, the
//! taxonomy for the `category` column, and a template to start a file from.

use super::file::guard;
use crate::domain::CompanyId;
use crate::domain::catalog_csv::CSV_COLUMNS;
use crate::domain::form::format_decimal;
use crate::error::{AppError, OrInternal};
use crate::server::catalog;
use crate::server::db::Db;

/// Every product of the company, one row per SKU, in the import's format: exporting and
/// importing the file again changes nothing.
pub async fn export(db: &Db, company_id: CompanyId) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = CSV_COLUMNS.iter().map(|(c, _, _)| *c).collect();
    writer.write_record(&header).or_internal()?;
    for catalog::Stored { input, status, stocks, .. } in catalog::load_all(db, company_id).await? {
        let terms = &input.terms;
        let list = |items: Vec<String>| items.join("; ");
        let tiers = list(
            terms.tiers.iter().map(|t| format!("{}:{}", t.min_quantity, t.unit_price.to_decimal_string())).collect(),
        );
        let leads = list(terms.lead_times.iter().map(|l| format!("{}:{}", l.up_to, l.days)).collect());
        let specs = list(input.specs.iter().map(|(k, v)| format!("{k}={v}")).collect());
        let custom = input.customization.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ");
        let measure = |v: Option<u64>, d| v.map(|v| format_decimal(v, d)).unwrap_or_default();
        for (n, variant) in input.variants.iter().enumerate() {
            // Product columns on the first row only: the rest would repeat them.
            let product = n == 0;
            let p = |value: String| if product { value } else { String::new() };
            let record = [
                variant.sku.to_string(),
                input.slug.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                p(input.title.clone()),
                p(status.as_str().to_string()),
                p(input.category.clone()),
                p(input.unit.as_str().to_string()),
                p(terms.currency.code().to_string()),
                p(terms.moq.to_string()),
                p(terms.increment.to_string()),
                p(tiers.clone()),
                p(leads.clone()),
                p(terms.sample.map(|s| s.price.to_decimal_string()).unwrap_or_default()),
                p(terms.sample.map(|s| s.max_quantity.to_string()).unwrap_or_default()),
                variant.name.clone(),
                variant.price.map(|p| p.to_decimal_string()).unwrap_or_default(),
                stocks.get(n).map(|s| s.to_string()).unwrap_or_default(),
                p(input.origin.code().to_string()),
                p(measure(input.shipping.weight_grams, 3)),
                p(measure(input.shipping.length_mm, 1)),
                p(measure(input.shipping.width_mm, 1)),
                p(measure(input.shipping.height_mm, 1)),
                p(input.packaging.replace('\n', "\\n")),
                p(custom.clone()),
                p(specs.clone()),
                p(input.description.replace('\n', "\\n")),
            ];
            writer.write_record(record.map(guard)).or_internal()?;
        }
    }
    String::from_utf8(writer.into_inner().or_internal()?).or_internal()
}

/// The taxonomy as CSV: each category's address (for the `category` column) and full name.
pub async fn category_list(db: &Db) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["category", "name"]).or_internal()?;
    for option in catalog::categories(db).await? {
        writer.write_record([option.slug, option.path]).or_internal()?;
    }
    String::from_utf8(writer.into_inner().or_internal()?).or_internal()
}

/// The header and two example rows (one product in two variants) to start a file from.
pub fn template() -> String {
    let header: Vec<&str> = CSV_COLUMNS.iter().map(|(c, _, _)| *c).collect();
    let examples: Vec<&str> = CSV_COLUMNS.iter().map(|(_, _, e)| *e).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let second: Vec<&str> = CSV_COLUMNS
        .iter()
        .map(|(c, _, _)| match *c {
            "sku" => "TEE-ORG-WHITE-M",
            "product" => "organic-cotton-t-shirt",
            "variant" => "White / M",
            "stock" => "800",
            _ => "",
        })
        .collect();
    for record in [header, examples, second] {
        let _ = writer.write_record(&record);
    }
    writer.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::catalog_csv::file::read_rows;

    #[test]
    fn the_template_reads_back_as_one_valid_product() {
        let rows = read_rows(&template()).ok().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("product"), rows[1].get("product"));
    }
}
