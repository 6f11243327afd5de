//! The catalog's CSV format, shared by the import page that documents it and the server that
//! reads and writes it.

/// The columns of the catalog CSV: name, what it holds, an example (the template's first row).
pub const CSV_COLUMNS: &[(&str, &str, &str)] = &[
    ("sku", "Required. The variant's SKU: rows are matched to your products by it.", "TEE-ORG-NAVY-M"),
    (
        "product",
        "The product's address. Rows with the same address are one product's variants; empty: made from the title.",
        "organic-cotton-t-shirt",
    ),
    ("title", "Product title (required for a new product).", "Organic cotton T-shirt, 180 GSM"),
    ("status", "draft, published or archived. Empty: new products are drafts, others keep theirs.", "draft"),
    (
        "category",
        "Category address, from the category list you can download (required for a new product).",
        "mens-shirts",
    ),
    ("unit", "piece, pair, set, box, carton, pack, roll, bag, kg, tonne, metre, m2 or litre.", "piece"),
    ("currency", "Three-letter currency code.", "EUR"),
    ("moq", "Minimum order quantity.", "100"),
    ("increment", "Above the minimum, order in steps of this many units.", "50"),
    ("tiers", "Price tiers as quantity:unit price, separated by semicolons.", "100:4.20; 500:3.90; 1000:3.60"),
    (
        "lead_times",
        "Lead times as up-to-quantity:days, separated by semicolons; above the last, negotiable.",
        "1000:15; 5000:30",
    ),
    ("sample_price", "Price of one sample (0 for free). Empty: no samples.", "8.00"),
    ("sample_max", "Most samples per buyer.", "3"),
    ("variant", "The variant's option name.", "Navy / M"),
    ("variant_price", "The variant's own unit price; empty: the tiers apply.", ""),
    ("stock", "Units in stock after the import.", "500"),
    ("origin", "Country of origin, two-letter code.", "PT"),
    ("weight_kg", "Weight of one unit in kg.", "0.18"),
    ("length_cm", "Length of one unit in cm.", "30"),
    ("width_cm", "Width of one unit in cm.", "25"),
    ("height_cm", "Height of one unit in cm.", "2"),
    ("packaging", "How units are packed.", "50 per carton"),
    ("customization", "Offered customisation: oem, odm, logo, packaging (separated by spaces).", "logo packaging"),
    (
        "specs",
        "Specifications as name=value, separated by semicolons.",
        "Material=100% organic cotton; Fabric weight (GSM)=180",
    ),
    ("description", "Description in Markdown; write \\n for a line break.", "Soft, **ring-spun** organic cotton."),
];
