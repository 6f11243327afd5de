//! Structured data for search engines: schema.org JSON-LD, built on the server.

use crate::domain::links;
use crate::model::catalog::ProductDetail;
use crate::model::compare::SupplierSummary;
use serde_json::{Value, json};

/// JSON for a `<script type="application/ld+json">`: `<` is escaped so no text in it can
/// close the script element.
pub fn script_text(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// A `BreadcrumbList` of (absolute address, name) steps.
pub fn breadcrumbs(steps: &[(String, String)]) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": steps.iter().enumerate().map(|(n, (url, name))| json!({
            "@type": "ListItem", "position": n + 1, "name": name, "item": url,
        })).collect::<Vec<_>>(),
    })
}

/// A `Product` with an `AggregateOffer` whose offers are the price tiers, each priced per
/// unit for its quantity range; and the page's `BreadcrumbList`.
pub fn product_json_ld(base: &str, href: &str, detail: &ProductDetail, supplier: &SupplierSummary) -> String {
    let terms = &detail.terms;
    let currency = terms.currency.code();
    let prices: Vec<i64> = terms.tiers.iter().map(|t| t.unit_price.minor()).collect();
    let decimal = |minor: i64| crate::domain::Money::from_minor(minor, terms.currency).to_decimal_string();
    let offers: Vec<Value> = terms
        .tiers
        .iter()
        .enumerate()
        .map(|(n, tier)| {
            let mut quantity = json!({ "@type": "QuantitativeValue", "minValue": tier.min_quantity.max(terms.moq) });
            if let Some(next) = terms.tiers.get(n + 1) {
                quantity["maxValue"] = json!(next.min_quantity - 1);
            }
            json!({
                "@type": "Offer",
                "availability": "https://schema.org/InStock",
                "priceSpecification": {
                    "@type": "UnitPriceSpecification",
                    "price": decimal(tier.unit_price.minor()),
                    "priceCurrency": currency,
                    "eligibleQuantity": quantity,
                },
            })
        })
        .collect();
    let url = format!("{base}{href}");
    let product = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": detail.title,
        "url": url,
        "sku": detail.variants.first().map(|v| v.sku.clone()),
        "category": detail.category_path(),
        "image": detail.images.iter().map(|i| format!("{base}{}", i.src(u32::MAX))).collect::<Vec<_>>(),
        "brand": { "@type": "Brand", "name": supplier.name },
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": currency,
            "lowPrice": decimal(prices.iter().copied().min().unwrap_or_default()),
            "highPrice": decimal(prices.iter().copied().max().unwrap_or_default()),
            "offerCount": offers.len(),
            "offers": offers,
            "seller": { "@type": "Organization", "name": supplier.name, "url": format!("{base}{}", supplier.href) },
        },
    });
    let mut steps: Vec<(String, String)> = vec![(format!("{base}/search"), "All products".to_string())];
    steps.extend(detail.category_trail.iter().map(|c| (format!("{base}{}", links::category(&c.slug)), c.name.clone())));
    steps.push((url, detail.title.clone()));
    script_text(&json!([product, breadcrumbs(&steps)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let text = script_text(&json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!text.contains("</script"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["name"], "</script><script>alert(1)</script>");
    }
}
