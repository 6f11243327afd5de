//! `caravan seed --demo`: a living demo marketplace with known logins. Idempotent: running it
//! again adds only what is missing. It refuses a database holding real companies unless forced.

use super::db::Db;
use super::media::{self, Media};
use super::{now, password};
use crate::domain::form::FormValues;
use crate::domain::image::{ImageVariant, MediaPurpose};
use crate::domain::storefront::{Accent, BlockContent, BlockKind, PageKind, StorefrontDoc, ThemePreset};
use crate::domain::{CompanyId, Email, Role};
use crate::error::AppError;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::fmt::Write;

pub const DEMO_PASSWORD: &str = "caravan-demo";
pub const DEMO_ADMIN: &str = "admin@caravan.example";

struct DemoCompany {
    slug: &'static str,
    name: &'static str,
    kind: &'static str,
    country: &'static str,
    city: &'static str,
    description: &'static str,
    categories: &'static [&'static str],
    /// (name, email, role); the first is the owner.
    people: &'static [(&'static str, &'static str, Role)],
    joined_days_ago: i64,
    /// A selling company's onboarding answers.
    profile: Option<DemoProfile>,
}

struct DemoProfile {
    business_type: &'static str,
    year: i64,
    employees: &'static str,
    markets: &'static [&'static str],
    response: &'static str,
}

const COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        slug: "huayu-textiles",
        name: "Zhejiang Huayu Textiles Co., Ltd.",
        kind: "supplier",
        country: "CN",
        city: "Shaoxing",
        description: "Vertically integrated weaving and dyeing mill producing polyester and cotton blend fabrics for apparel and home textiles since 2004. 38 air-jet looms, OEKO-TEX Standard 100 certified, 1,200 tonnes a year.\n\nWe dye to Pantone references with lab dips in five days and ship from Ningbo.",
        categories: &["fabrics", "home-textiles", "womens-clothing"],
        people: &[
            ("Li Wei", "li.wei@huayu-textiles.example", Role::Owner),
            ("Chen Jing", "chen.jing@huayu-textiles.example", Role::Member),
        ],
        joined_days_ago: 410,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 2004,
            employees: "201-500",
            markets: &["western_europe", "north_america", "southeast_asia"],
            response: "12h",
        }),
    },
    DemoCompany {
        slug: "brightline-electronics",
        name: "Shenzhen Brightline Electronics",
        kind: "supplier",
        country: "CN",
        city: "Shenzhen",
        description: "PCB assembly and cable harness manufacturer for industrial and consumer electronics. SMT lines with AOI and X-ray inspection, ISO 9001 and IATF 16949.\n\nPrototypes in 72 hours, volume runs from 500 boards.",
        categories: &["printed-circuit-boards", "connectors-cables", "power-supplies"],
        people: &[
            ("Zhang Min", "zhang.min@brightline.example", Role::Owner),
            ("Huang Lei", "huang.lei@brightline.example", Role::Member),
        ],
        joined_days_ago: 380,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 2011,
            employees: "501-1000",
            markets: &["north_america", "western_europe", "east_asia"],
            response: "4h",
        }),
    },
    DemoCompany {
        slug: "anatolia-home-textiles",
        name: "Anatolia Home Textiles",
        kind: "supplier",
        country: "TR",
        city: "Denizli",
        description: "Turkish towels, bathrobes and bed linen woven from Aegean cotton. Family-run since 1987, supplying hotel chains and retailers across Europe with private-label programmes.",
        categories: &["home-textiles", "fabrics"],
        people: &[
            ("Ayşe Demir", "ayse.demir@anatolia-home.example", Role::Owner),
            ("Mehmet Kaya", "mehmet.kaya@anatolia-home.example", Role::Member),
        ],
        joined_days_ago: 350,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1987,
            employees: "51-200",
            markets: &["western_europe", "eastern_europe", "middle_east"],
            response: "24h",
        }),
    },
    DemoCompany {
        slug: "bavaria-praezisionstechnik",
        name: "Bavaria Präzisionstechnik GmbH",
        kind: "supplier",
        country: "DE",
        city: "Augsburg",
        description: "Precision CNC machining of aluminium, stainless steel and engineering plastics: 5-axis milling, turning and grinding to ±0.005 mm. Pumps, valve bodies and machine components for European OEMs.",
        categories: &["cnc-machine-tools", "pumps-valves", "castings-forgings"],
        people: &[
            ("Lukas Hoffmann", "lukas.hoffmann@bavaria-praezision.example", Role::Owner),
            ("Anna Weber", "anna.weber@bavaria-praezision.example", Role::Member),
        ],
        joined_days_ago: 320,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1972,
            employees: "51-200",
            markets: &["western_europe", "north_america"],
            response: "24h",
        }),
    },
    DemoCompany {
        slug: "ganesh-spice-exports",
        name: "Ganesh Spice Exports Pvt. Ltd.",
        kind: "supplier",
        country: "IN",
        city: "Kochi",
        description: "Whole and ground spices from Kerala's Malabar coast: black pepper, cardamom, turmeric and cloves, steam-sterilised and packed in our FSSC 22000 facility. Also specialty teas from Munnar estates.",
        categories: &["spices-seasonings", "coffee-tea"],
        people: &[
            ("Priya Nair", "priya.nair@ganesh-spice.example", Role::Owner),
            ("Arjun Menon", "arjun.menon@ganesh-spice.example", Role::Member),
        ],
        joined_days_ago: 290,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1995,
            employees: "51-200",
            markets: &["middle_east", "western_europe", "north_america"],
            response: "12h",
        }),
    },
    DemoCompany {
        slug: "saigon-woodcraft",
        name: "Saigon Woodcraft Furniture",
        kind: "supplier",
        country: "VN",
        city: "Binh Duong",
        description: "Solid wood and rattan furniture for hospitality and retail: dining sets, lounge chairs and outdoor collections in FSC-certified acacia and teak. Container-load production with in-house finishing.",
        categories: &["furniture", "home-decor"],
        people: &[
            ("Nguyen Van An", "an.nguyen@saigon-woodcraft.example", Role::Owner),
            ("Tran Thi Mai", "mai.tran@saigon-woodcraft.example", Role::Member),
        ],
        joined_days_ago: 260,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 2008,
            employees: "201-500",
            markets: &["north_america", "western_europe", "oceania"],
            response: "24h",
        }),
    },
    DemoCompany {
        slug: "minas-cafe",
        name: "Minas Café Cooperativa",
        kind: "supplier",
        country: "BR",
        city: "Varginha",
        description: "Cooperative of 240 family farms in the Sul de Minas region exporting green specialty coffee. Natural and pulped-natural lots scoring 82 to 88, Rainforest Alliance certified, shipped in GrainPro bags.",
        categories: &["coffee-tea"],
        people: &[
            ("Rafael Souza", "rafael.souza@minas-cafe.example", Role::Owner),
            ("Juliana Lima", "juliana.lima@minas-cafe.example", Role::Member),
        ],
        joined_days_ago: 230,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1999,
            employees: "11-50",
            markets: &["north_america", "western_europe", "east_asia"],
            response: "48h",
        }),
    },
    DemoCompany {
        slug: "andalucia-olive-groves",
        name: "Andalucía Olive Groves S.L.",
        kind: "supplier",
        country: "ES",
        city: "Jaén",
        description: "Extra virgin olive oil from our own Picual groves, cold-extracted within four hours of harvest. Bulk in flexitanks and IBCs, or bottled under your label in glass and tins.",
        categories: &["olive-oil"],
        people: &[
            ("Carmen Ruiz", "carmen.ruiz@andalucia-olive.example", Role::Owner),
            ("Javier Morales", "javier.morales@andalucia-olive.example", Role::Member),
        ],
        joined_days_ago: 200,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1961,
            employees: "11-50",
            markets: &["western_europe", "north_america", "east_asia"],
            response: "24h",
        }),
    },
    DemoCompany {
        slug: "lombardia-packaging",
        name: "Lombardia Packaging S.r.l.",
        kind: "supplier",
        country: "IT",
        city: "Bergamo",
        description: "Folding cartons, rigid boxes and flexible pouches for food and cosmetics brands. Offset and digital printing, recyclable mono-material films, short runs from 1,000 pieces.",
        categories: &["paper-boxes", "plastic-packaging", "labels-stickers", "bags-pouches"],
        people: &[
            ("Giulia Rossi", "giulia.rossi@lombardia-packaging.example", Role::Owner),
            ("Marco Bianchi", "marco.bianchi@lombardia-packaging.example", Role::Member),
        ],
        joined_days_ago: 170,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1983,
            employees: "51-200",
            markets: &["western_europe", "eastern_europe"],
            response: "12h",
        }),
    },
    DemoCompany {
        slug: "sunvolt-energy",
        name: "Sunvolt Energy Solutions Sdn. Bhd.",
        kind: "supplier",
        country: "MY",
        city: "Penang",
        description: "Monocrystalline solar modules from 410 to 580 W, hybrid inverters and lithium iron phosphate storage for commercial rooftops. IEC 61215 and UL certified, 25-year linear power warranty.",
        categories: &["solar-panels", "inverters", "energy-storage"],
        people: &[
            ("Ahmad Rahman", "ahmad.rahman@sunvolt.example", Role::Owner),
            ("Siti Aminah", "siti.aminah@sunvolt.example", Role::Member),
        ],
        joined_days_ago: 140,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 2013,
            employees: "1000+",
            markets: &["western_europe", "africa", "middle_east", "south_asia"],
            response: "4h",
        }),
    },
    DemoCompany {
        slug: "monterrey-steelworks",
        name: "Monterrey Steelworks S.A. de C.V.",
        kind: "supplier",
        country: "MX",
        city: "Monterrey",
        description: "Structural steel fabrication, welded wire mesh and galvanised profiles for construction and warehousing across North America. AWS-certified welders, in-house hot-dip galvanising.",
        categories: &["steel-structures", "steel", "wire-mesh"],
        people: &[
            ("Alejandro García", "alejandro.garcia@monterrey-steel.example", Role::Owner),
            ("Lucía Hernández", "lucia.hernandez@monterrey-steel.example", Role::Member),
        ],
        joined_days_ago: 110,
        profile: Some(DemoProfile {
            business_type: "manufacturer",
            year: 1976,
            employees: "201-500",
            markets: &["north_america", "south_america"],
            response: "24h",
        }),
    },
    DemoCompany {
        slug: "keystone-safety-supply",
        name: "Keystone Safety Supply",
        kind: "both",
        country: "US",
        city: "Pittsburgh",
        description: "Distributor of personal protective equipment and workwear for manufacturing and construction: ANSI-rated gloves, hi-vis apparel, respirators and custom-embroidered uniforms. We also source fabrics for our own workwear line.",
        categories: &["personal-protective-equipment", "workwear-uniforms"],
        people: &[
            ("Michael Carter", "michael.carter@keystone-safety.example", Role::Owner),
            ("Sarah Mitchell", "sarah.mitchell@keystone-safety.example", Role::Member),
        ],
        joined_days_ago: 80,
        profile: Some(DemoProfile {
            business_type: "distributor",
            year: 2002,
            employees: "11-50",
            markets: &["north_america"],
            response: "4h",
        }),
    },
    DemoCompany {
        slug: "northwind-retail",
        name: "Northwind Retail Group",
        kind: "buyer",
        country: "GB",
        city: "Manchester",
        description: "Homeware and textiles retailer with 60 stores across the United Kingdom.",
        categories: &[],
        people: &[
            ("Emma Clarke", "emma.clarke@northwind-retail.example", Role::Owner),
            ("Oliver Bennett", "oliver.bennett@northwind-retail.example", Role::Member),
        ],
        joined_days_ago: 300,
        profile: None,
    },
    DemoCompany {
        slug: "fjord-hospitality",
        name: "Fjord Hospitality AS",
        kind: "buyer",
        country: "NO",
        city: "Bergen",
        description: "Hotel group operating 14 hotels along the Norwegian coast.",
        categories: &[],
        people: &[
            ("Ingrid Larsen", "ingrid.larsen@fjord-hospitality.example", Role::Owner),
            ("Henrik Berg", "henrik.berg@fjord-hospitality.example", Role::Member),
        ],
        joined_days_ago: 190,
        profile: None,
    },
    DemoCompany {
        slug: "outback-builders-supply",
        name: "Outback Builders Supply Pty Ltd",
        kind: "buyer",
        country: "AU",
        city: "Brisbane",
        description: "Building materials merchant serving contractors in Queensland.",
        categories: &[],
        people: &[("Jack Thompson", "jack.thompson@outback-builders.example", Role::Owner)],
        joined_days_ago: 95,
        profile: None,
    },
    DemoCompany {
        slug: "maple-leaf-roasters",
        name: "Maple Leaf Roasters Inc.",
        kind: "buyer",
        country: "CA",
        city: "Toronto",
        description: "Specialty coffee roaster supplying cafés and grocers in Ontario.",
        categories: &[],
        people: &[
            ("Chloé Tremblay", "chloe.tremblay@maple-leaf-roasters.example", Role::Owner),
            ("Ethan Wilson", "ethan.wilson@maple-leaf-roasters.example", Role::Member),
        ],
        joined_days_ago: 60,
        profile: None,
    },
];

/// A demo listing: tiers, lead times and stock are derived from its base price and MOQ.
#[derive(Clone, Copy)]
struct DemoProduct {
    supplier: &'static str,
    title: &'static str,
    category: &'static str,
    unit: &'static str,
    currency: &'static str,
    /// Unit price of the first tier, in minor units.
    price: i64,
    moq: u64,
    increment: u64,
    variants: &'static [&'static str],
    specs: &'static [(&'static str, &'static str)],
    customization: &'static [&'static str],
}

macro_rules! demo_products {
    ($($supplier:literal => [$(($title:literal, $category:literal, $unit:literal, $currency:literal, $price:literal, $moq:literal, $increment:literal, [$($variant:literal),*], [$(($k:literal, $v:literal)),*], [$($custom:literal),*])),+ $(,)?]);+ $(;)?) => {
        &[$($(DemoProduct {
            supplier: $supplier, title: $title, category: $category, unit: $unit, currency: $currency, price: $price,
            moq: $moq, increment: $increment, variants: &[$($variant),*], specs: &[$(($k, $v)),*], customization: &[$($custom),*],
        }),+),+]
    };
}

const PRODUCTS: &[DemoProduct] = demo_products! {
    "huayu-textiles" => [
        ("Polyester-cotton poplin fabric, 65/35, 110 GSM", "cotton-fabric", "metre", "USD", 138, 3000, 500, ["White", "Navy", "Sky blue"], [("Material", "65% polyester, 35% cotton"), ("Fabric weight (GSM)", "110"), ("Width", "150 cm")], ["oem"]),
        ("Stretch denim, 10 oz, indigo", "denim", "metre", "USD", 295, 2000, 500, ["Indigo", "Black"], [("Material", "98% cotton, 2% elastane"), ("Fabric weight (GSM)", "340")], ["oem"]),
        ("Linen-look curtain fabric, flame retardant", "curtains", "metre", "USD", 356, 1000, 100, ["Ivory", "Sand", "Grey"], [("Material", "100% polyester"), ("Width", "280 cm"), ("Care instructions", "Machine wash 40 °C")], ["oem", "packaging"]),
        ("Women's viscose blouse, long sleeve", "blouses-tops", "piece", "USD", 640, 300, 50, ["S", "M", "L", "XL"], [("Material", "100% viscose"), ("Sizes", "S–XL")], ["oem", "odm", "logo"]),
    ];
    "brightline-electronics" => [
        ("4-layer FR-4 PCB, ENIG finish", "rigid-pcbs", "piece", "USD", 185, 100, 50, ["1.6 mm", "1.0 mm"], [("Layers", "4"), ("Material", "FR-4 TG150"), ("Surface finish", "ENIG")], ["oem"]),
        ("USB-C to USB-C cable, 60 W, braided", "usb-cables", "piece", "USD", 145, 500, 100, ["1 m black", "2 m black", "1 m white"], [("Current", "3 A"), ("Certifications", "CE, RoHS")], ["logo", "packaging"]),
        ("65 W GaN wall charger, 2 USB-C + USB-A", "power-adapters", "piece", "USD", 980, 200, 50, ["EU plug", "UK plug", "US plug"], [("Output", "65 W max"), ("Certifications", "CE, FCC, UKCA")], ["oem", "logo", "packaging"]),
        ("Custom wire harness, automotive grade", "wire-harnesses", "piece", "USD", 420, 500, 100, ["Standard"], [("Operating temperature", "-40 to 105 °C"), ("Standard", "IPC/WHMA-A-620")], ["oem", "odm"]),
    ];
    "anatolia-home-textiles" => [
        ("Turkish cotton bath towel, 600 GSM", "towels", "piece", "EUR", 690, 200, 50, ["White", "Stone", "Navy"], [("Material", "100% Turkish cotton"), ("Fabric weight (GSM)", "600"), ("Size", "70 × 140 cm")], ["logo", "packaging"]),
        ("Peshtemal beach towel, striped", "towels", "piece", "EUR", 520, 100, 20, ["Blue stripe", "Red stripe", "Black stripe"], [("Material", "100% cotton"), ("Size", "90 × 180 cm")], ["logo"]),
        ("Percale bed linen set, 200 thread count", "bed-linen", "set", "EUR", 2450, 50, 10, ["Single", "Double", "King"], [("Material", "100% cotton percale"), ("Thread count", "200")], ["oem", "packaging"]),
        ("Cotton muslin fabric, natural", "cotton-fabric", "metre", "EUR", 210, 1000, 100, ["Natural"], [("Material", "100% cotton"), ("Width", "160 cm")], []),
    ];
    "bavaria-praezisionstechnik" => [
        ("CNC-turned stainless steel shafts to drawing", "cnc-lathes", "piece", "EUR", 1850, 50, 10, ["1.4305", "1.4404"], [("Tolerance", "±0.01 mm"), ("Material", "Stainless steel")], ["oem"]),
        ("Ball valve, DN50, PN40, stainless", "ball-valves", "piece", "EUR", 8900, 10, 5, ["Flanged", "Threaded"], [("Pressure", "PN40"), ("Material", "1.4408")], ["oem"]),
        ("Investment-cast pump impeller", "investment-castings", "piece", "EUR", 4200, 20, 10, ["Standard"], [("Material", "Duplex 1.4462"), ("Weight", "2.3 kg")], ["oem"]),
        ("Centrifugal process pump, 15 kW", "centrifugal-pumps", "piece", "EUR", 485000, 1, 1, ["Standard"], [("Power", "15 kW"), ("Voltage", "400 V 3-phase"), ("Capacity", "120 m³/h")], ["odm"]),
    ];
    "ganesh-spice-exports" => [
        ("Black pepper, 550 g/l, machine cleaned", "black-pepper", "kg", "USD", 690, 500, 25, ["Whole", "Coarse ground"], [("Grade", "550 g/l"), ("Origin region", "Kerala"), ("Shelf life", "24 months")], ["packaging"]),
        ("Kashmiri chilli powder, 80 ASTA", "chilli-paprika", "kg", "USD", 540, 500, 25, ["Standard"], [("Grade", "80 ASTA"), ("Packaging", "25 kg bags")], ["packaging"]),
        ("Garam masala blend, private label", "spice-blends", "kg", "USD", 820, 200, 20, ["Standard"], [("Ingredients", "Coriander, cumin, cardamom, cinnamon, clove, pepper")], ["packaging", "logo"]),
        ("Assam CTC black tea, BOP", "black-tea", "kg", "USD", 410, 1000, 50, ["Standard"], [("Grade", "BOP"), ("Shelf life", "24 months")], ["packaging"]),
    ];
    "saigon-woodcraft" => [
        ("Acacia wood dining table, 180 cm", "dining-tables", "piece", "USD", 24500, 20, 5, ["Natural", "Walnut stain"], [("Material", "Solid acacia"), ("Dimensions", "180 × 90 × 76 cm")], ["oem"]),
        ("Teak outdoor lounge chair", "outdoor-furniture", "piece", "USD", 13800, 30, 10, ["Natural teak"], [("Material", "Grade A teak"), ("Assembly required", "No")], ["oem", "odm"]),
        ("Hand-turned mango wood vase", "vases", "piece", "USD", 890, 100, 20, ["Small", "Medium", "Large"], [("Material", "Mango wood"), ("Finish", "Food-safe oil")], ["logo", "packaging"]),
        ("Rattan pendant lampshade", "pendant-lights", "piece", "USD", 1650, 50, 10, ["40 cm", "60 cm"], [("Material", "Natural rattan")], ["odm"]),
    ];
    "minas-cafe" => [
        ("Green coffee, Brazil Cerrado, NY 2/3", "green-coffee-beans", "kg", "USD", 520, 1200, 60, ["Screen 17/18"], [("Grade", "NY 2/3"), ("Origin region", "Cerrado Mineiro"), ("Shelf life", "12 months")], []),
        ("Specialty green coffee, Sul de Minas, 84 pts", "green-coffee-beans", "kg", "USD", 780, 600, 60, ["Natural", "Pulped natural"], [("Grade", "SCA 84"), ("Origin region", "Sul de Minas")], []),
        ("Medium roast whole beans, private label", "roasted-coffee", "kg", "USD", 1490, 100, 10, ["1 kg bags", "250 g bags"], [("Roast", "Medium"), ("Packaging", "Valve bags")], ["logo", "packaging"]),
        ("Brazil Santos green coffee, 17/18", "green-coffee-beans", "kg", "USD", 560, 1200, 60, ["Standard"], [("Grade", "Santos NY 2"), ("Origin region", "Mogiana")], []),
    ];
    "andalucia-olive-groves" => [
        ("Extra virgin olive oil, Picual, 5 l tin", "extra-virgin-olive-oil", "piece", "EUR", 3450, 100, 4, ["5 l tin"], [("Acidity", "≤ 0.2%"), ("Harvest", "2026/27"), ("Certifications", "PDO Sierra Mágina")], ["logo", "packaging"]),
        ("Organic extra virgin olive oil, 500 ml glass", "extra-virgin-olive-oil", "piece", "EUR", 690, 600, 12, ["500 ml dorica"], [("Certifications", "EU organic"), ("Shelf life", "18 months")], ["logo", "packaging"]),
        ("Bulk extra virgin olive oil, flexitank", "extra-virgin-olive-oil", "litre", "EUR", 720, 20000, 1000, ["Standard"], [("Acidity", "≤ 0.3%")], []),
        ("Olive pomace oil for food service", "pomace-olive-oil", "litre", "EUR", 290, 2000, 100, ["Standard"], [("Packaging", "10 l PET")], ["packaging"]),
    ];
    "lombardia-packaging" => [
        ("Corrugated shipping boxes, double wall", "corrugated-boxes", "piece", "EUR", 86, 1000, 250, ["30 × 20 × 20 cm", "40 × 30 × 30 cm", "60 × 40 × 40 cm"], [("Material", "BC flute kraft"), ("Printing", "Up to 2 colours")], ["logo"]),
        ("Kraft stand-up pouches with zip", "stand-up-pouches", "piece", "EUR", 19, 5000, 1000, ["250 g", "500 g", "1 kg"], [("Material", "Kraft / PET / PE"), ("Food grade", "Yes")], ["logo", "packaging"]),
        ("Folding cartons, SBS board, offset printed", "folding-cartons", "piece", "EUR", 32, 5000, 1000, ["Standard"], [("Material", "SBS 350 g/m²"), ("Printing", "CMYK + varnish")], ["oem"]),
        ("Custom printed product labels on rolls", "product-labels", "roll", "EUR", 1850, 20, 10, ["Paper, gloss", "PP, matt"], [("Size", "To order"), ("Printing", "Digital, up to 7 colours")], ["logo"]),
    ];
    "sunvolt-energy" => [
        ("Monocrystalline solar panel, 550 W", "monocrystalline-panels", "piece", "USD", 8900, 31, 31, ["Silver frame", "Black frame"], [("Rated power", "550 W"), ("Efficiency", "21.3%"), ("Warranty", "25 years")], ["logo"]),
        ("Hybrid inverter, 8 kW, single phase", "hybrid-inverters", "piece", "USD", 98000, 5, 1, ["Standard"], [("Rated power", "8 kW"), ("Voltage", "230 V"), ("Certifications", "IEC 62109")], ["oem"]),
        ("LiFePO4 home battery, 10 kWh", "home-battery-systems", "piece", "USD", 215000, 2, 1, ["Wall-mounted", "Floor-standing"], [("Capacity", "10.24 kWh"), ("Warranty", "10 years")], ["oem"]),
        ("PV solar cable, 6 mm², 100 m drum", "solar-cables", "roll", "USD", 7800, 10, 10, ["Red", "Black"], [("Standard", "EN 50618"), ("Voltage", "1500 V DC")], []),
    ];
    "monterrey-steelworks" => [
        ("Hot-rolled steel plate, S355", "steel-plates", "tonne", "USD", 78000, 20, 5, ["10 mm", "20 mm", "30 mm"], [("Grade", "S355JR"), ("Standard", "EN 10025-2")], []),
        ("Deformed rebar, grade 60", "rebar", "tonne", "USD", 64500, 25, 25, ["#4 (12 mm)", "#5 (16 mm)", "#6 (20 mm)"], [("Grade", "ASTM A615 Gr. 60")], []),
        ("Welded wire mesh panels, galvanised", "welded-wire-mesh", "piece", "USD", 2400, 200, 50, ["2.4 × 6 m"], [("Wire", "6 mm"), ("Opening", "150 × 150 mm")], []),
        ("Prefabricated steel warehouse, 1,000 m²", "warehouse-structures", "set", "USD", 4250000, 1, 1, ["Standard"], [("Span", "25 m"), ("Standard", "AISC 360")], ["odm"]),
    ];
    "keystone-safety-supply" => [
        ("Hard hat, ANSI Z89.1 Type I", "safety-helmets", "piece", "USD", 690, 100, 20, ["White", "Yellow", "Orange", "Blue"], [("Standard", "ANSI Z89.1"), ("Material", "HDPE")], ["logo"]),
        ("Cut-resistant gloves, ANSI A4", "safety-gloves", "pair", "USD", 385, 240, 12, ["S", "M", "L", "XL"], [("Standard", "ANSI/ISEA 105 A4")], ["logo", "packaging"]),
        ("Class 2 high-visibility vest", "high-visibility-clothing", "piece", "USD", 475, 100, 10, ["M", "L", "XL", "2XL"], [("Standard", "ANSI/ISEA 107 Class 2")], ["logo"]),
        ("Composite-toe safety boots", "safety-footwear", "pair", "USD", 5400, 24, 6, ["US 8", "US 9", "US 10", "US 11", "US 12"], [("Standard", "ASTM F2413"), ("Material", "Leather")], ["oem"]),
    ];
};

const DAY: i64 = 86_400;

/// What the generated gallery pictures are described as.
const GALLERY: [&str; 3] = ["Production floor", "Quality control", "Warehouse and dispatch"];

/// A generated picture (nothing is downloaded): a diagonal light over the theme colour with
/// the rhythm of a production line, different for every company and picture.
fn demo_picture(width: u32, height: u32, accent: &Accent, variant: u32) -> Vec<u8> {
    let rgb = u32::from_str_radix(accent.as_str().trim_start_matches('#'), 16).unwrap_or(0x0f5f59);
    let base = [(rgb >> 16) as f32, ((rgb >> 8) & 0xff) as f32, (rgb & 0xff) as f32];
    let bands = 5.0 + variant as f32 * 3.0;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let light = 0.45 + 0.55 * (1.0 - (u * 0.7 + v * 0.3));
        let stripe = if ((u * bands + v * 2.0).fract()) < 0.18 { 0.82 } else { 1.0 };
        let glow = (-((u - 0.75).powi(2) + (v - 0.3).powi(2)) * 6.0).exp() * 60.0;
        let channel = |c: f32| (c * light * stripe + glow).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(base[0]), channel(base[1]), channel(base[2])])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture).write_to(&mut bytes, image::ImageFormat::Png).unwrap_or_default();
    bytes.into_inner()
}

/// Generated pictures' files by (accent, picture): companies in the same theme share them,
/// which content addressing would do anyway, without generating them again.
type PictureCache = HashMap<(String, u32), Vec<ImageVariant>>;

async fn demo_files(
    media: &Media,
    cache: &mut PictureCache,
    accent: &Accent,
    n: u32,
) -> Result<Vec<ImageVariant>, AppError> {
    let key = (accent.as_str().to_string(), n);
    if let Some(files) = cache.get(&key) {
        return Ok(files.clone());
    }
    let (purpose, bytes) = if n == 0 {
        (MediaPurpose::Banner, demo_picture(1600, 560, accent, 0))
    } else {
        (MediaPurpose::Library, demo_picture(960, 720, accent, n))
    };
    let files = media::save_files(media, purpose, bytes).await?;
    cache.insert(key, files.clone());
    Ok(files)
}

/// Generates and records a demo supplier's banner and gallery pictures; returns the gallery's
/// image ids.
async fn demo_pictures(
    tx: &mut Transaction<'static, Any>,
    media: &Media,
    cache: &mut PictureCache,
    company_id: CompanyId,
    accent: &Accent,
) -> Result<Vec<i64>, AppError> {
    let banner = demo_files(media, cache, accent, 0).await?;
    let banner = media::record(&mut **tx, company_id, MediaPurpose::Banner, "", banner, None).await?;
    sqlx::query("UPDATE companies SET banner_media = $1 WHERE id = $2")
        .bind(banner.id)
        .bind(company_id.get())
        .execute(&mut **tx)
        .await?;
    let mut gallery = Vec::new();
    for (n, alt) in GALLERY.iter().enumerate() {
        let files = demo_files(media, cache, accent, n as u32 + 1).await?;
        gallery.push(media::record(&mut **tx, company_id, MediaPurpose::Library, alt, files, None).await?.id);
    }
    Ok(gallery)
}

/// A demo supplier's storefront: the starter, in one of the themes, with its own words and
/// pictures.
fn demo_storefront(company: &DemoCompany, index: usize, gallery: &[i64]) -> Result<StorefrontDoc, AppError> {
    let mut doc = StorefrontDoc::starter(company.name);
    doc.theme.preset = demo_theme(index);
    let first_sentence = company.description.split(". ").next().unwrap_or(company.description);
    let hero = doc.pages[0].blocks[0].id;
    let mut hero_form = doc.pages[0].blocks[0].content.to_form();
    hero_form
        .insert("subheading".into(), format!("{}.", first_sentence.trim_end_matches('.')).chars().take(300).collect());
    doc.set_content(PageKind::Home, hero, BlockContent::from_form(BlockKind::Hero, &hero_form)?)?;
    let about = doc.add_block(PageKind::Home, BlockKind::RichText)?;
    let about_form: FormValues = [("title", "About us"), ("markdown", company.description)]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    doc.set_content(PageKind::Home, about, BlockContent::from_form(BlockKind::RichText, &about_form)?)?;
    doc.move_to(PageKind::Home, about, 1)?;
    doc.add_block(PageKind::Contact, BlockKind::Faq)?;
    let pictures = doc.add_block(PageKind::Home, BlockKind::Gallery)?;
    let mut pictures_form: FormValues = [("title".to_string(), "Inside our company".to_string())].into();
    for (n, id) in gallery.iter().enumerate() {
        pictures_form.insert(format!("items.{n}.image"), id.to_string());
    }
    doc.set_content(PageKind::Home, pictures, BlockContent::from_form(BlockKind::Gallery, &pictures_form)?)?;
    doc.move_to(PageKind::Home, pictures, 3)?;
    doc.validate()?;
    Ok(doc)
}

fn demo_theme(index: usize) -> ThemePreset {
    ThemePreset::ALL[index % ThemePreset::ALL.len()]
}

async fn publish_demo_storefront(
    tx: &mut Transaction<'static, Any>,
    media: &Media,
    cache: &mut PictureCache,
    company_id: i64,
    company: &DemoCompany,
    index: usize,
    at: i64,
) -> Result<(), AppError> {
    let id = CompanyId::new(company_id).map_err(|_| AppError::Internal)?;
    let gallery = demo_pictures(tx, media, cache, id, &demo_theme(index).default_accent()).await?;
    let json = serde_json::to_string(&demo_storefront(company, index, &gallery)?).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO storefronts (company_id, draft, draft_revision, draft_updated_at, published_version) \
         VALUES ($1, $2, 1, $3, 1)",
    )
    .bind(company_id)
    .bind(&json)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO storefront_versions (company_id, number, doc, published_at, draft_revision) VALUES ($1, 1, $2, $3, 1)",
    )
    .bind(company_id)
    .bind(&json)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Seeds the demo marketplace and returns what to tell the operator.
pub async fn demo(db: &Db, media: &Media, force: bool) -> Result<String, AppError> {
    let demo_slugs: Vec<&str> = COMPANIES.iter().map(|c| c.slug).collect();
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM companies").fetch_all(db.pool()).await?;
    let foreign = slugs.iter().filter(|s| !demo_slugs.contains(&s.as_str())).count();
    if foreign > 0 && !force {
        return Err(AppError::Conflict(format!(
            "This database already holds {foreign} compan{} that are not demo data. \
             Seeding would mix demo suppliers into it; re-run with --force if that is what you want.",
            if foreign == 1 { "y" } else { "ies" }
        )));
    }
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let now = now();
    let mut added = 0;
    let mut pictures = PictureCache::new();
    let mut tx = db.begin_write().await?;
    for company in COMPANIES {
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM companies WHERE slug = $1")
            .bind(company.slug)
            .fetch_optional(&mut *tx)
            .await?;
        if existing.is_some() {
            continue;
        }
        added += 1;
        let created = now - company.joined_days_ago * DAY;
        let company_id: i64 = sqlx::query_scalar(
            "INSERT INTO companies (name, slug, kind, country, city, description, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(company.name)
        .bind(company.slug)
        .bind(company.kind)
        .bind(company.country)
        .bind(company.city)
        .bind(company.description)
        .bind(created)
        .fetch_one(&mut *tx)
        .await?;
        for slug in company.categories {
            sqlx::query(
                "INSERT INTO company_categories (company_id, category_id) SELECT $1, id FROM categories WHERE slug = $2 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(company_id)
            .bind(*slug)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(profile) = &company.profile {
            sqlx::query(
                "UPDATE companies SET business_type = $1, year_established = $2, employee_range = $3, response_time = $4, \
                 verified_at = $5 WHERE id = $6",
            )
            .bind(profile.business_type)
            .bind(profile.year)
            .bind(profile.employees)
            .bind(profile.response)
            // Two in three demo suppliers hold the Verified badge.
            .bind((added % 3 != 0).then_some(created + 10 * DAY))
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
            for region in profile.markets {
                sqlx::query("INSERT INTO company_export_markets (company_id, region) VALUES ($1, $2)")
                    .bind(company_id)
                    .bind(*region)
                    .execute(&mut *tx)
                    .await?;
            }
            publish_demo_storefront(&mut tx, media, &mut pictures, company_id, company, added, created).await?;
        }
        for (i, (name, email, role)) in company.people.iter().enumerate() {
            let email = Email::parse(email).map_err(|_| AppError::Internal)?;
            let joined = created + i as i64 * 7 * DAY;
            let user_id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let user_id = match user_id {
                Some(id) => id,
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO users (email, name, password_hash, is_admin, created_at, password_changed_at) \
                         VALUES ($1, $2, $3, 0, $4, $4) RETURNING id",
                    )
                    .bind(email.as_str())
                    .bind(*name)
                    .bind(&hash)
                    .bind(joined)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            sqlx::query(
                "INSERT INTO memberships (company_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(company_id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(joined)
            .execute(&mut *tx)
            .await?;
        }
    }
    let admin: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(DEMO_ADMIN).fetch_optional(&mut *tx).await?;
    if admin.is_none() {
        sqlx::query(
            "INSERT INTO users (email, name, password_hash, is_admin, created_at, password_changed_at) \
             VALUES ($1, 'Platform Admin', $2, 1, $3, $3)",
        )
        .bind(DEMO_ADMIN)
        .bind(&hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let products = demo_products(db).await?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "Demo marketplace ready: {added} companies added, {} already present.",
        COMPANIES.len() - added
    );
    let _ = writeln!(report, "{products} demo products added.");
    let _ = writeln!(report, "Sign in with password \"{DEMO_PASSWORD}\" as:");
    let _ = writeln!(report, "  supplier  li.wei@huayu-textiles.example      (owner, Zhejiang Huayu Textiles)");
    let _ = writeln!(report, "  buyer     emma.clarke@northwind-retail.example  (owner, Northwind Retail Group)");
    let _ = writeln!(report, "  admin     {DEMO_ADMIN}");
    Ok(report)
}

/// The listing form of a demo product: three price breaks, two lead times, stock per variant.
fn demo_product_form(product: &DemoProduct, origin: &str, sku_prefix: &str, n: usize) -> FormValues {
    let mut form = FormValues::new();
    let mut put = |k: String, v: String| {
        form.insert(k, v);
    };
    let unit: crate::domain::product::Unit = product.unit.parse().unwrap_or(crate::domain::product::Unit::Piece);
    let description = format!(
        "{}.\n\n- Minimum order {}\n- Made to order; ask about custom specifications",
        product.title,
        unit.quantity(product.moq)
    );
    put("title".into(), product.title.into());
    put("origin".into(), origin.into());
    put("description".into(), description);
    put("category".into(), product.category.into());
    put("unit".into(), product.unit.into());
    put("currency".into(), product.currency.into());
    put("moq".into(), product.moq.to_string());
    put("increment".into(), product.increment.to_string());
    let currency: crate::domain::Currency = product.currency.parse().unwrap_or(crate::domain::Currency::Usd);
    for (t, (times, percent)) in [(1, 100), (5, 92), (20, 85)].into_iter().enumerate() {
        put(format!("tiers.{t}.min_quantity"), (product.moq * times).to_string());
        let price = crate::domain::Money::from_minor(product.price * percent / 100, currency);
        put(format!("tiers.{t}.price"), price.to_decimal_string());
    }
    put("lead_times.0.up_to".into(), (product.moq * 5).to_string());
    put("lead_times.0.days".into(), "15".into());
    put("lead_times.1.up_to".into(), (product.moq * 20).to_string());
    put("lead_times.1.days".into(), "30".into());
    if matches!(product.unit, "piece" | "pair" | "kg") {
        put("sample".into(), "true".into());
        put("sample.price".into(), crate::domain::Money::from_minor(product.price * 2, currency).to_decimal_string());
        put("sample.max_quantity".into(), "3".into());
    }
    for (v, name) in product.variants.iter().enumerate() {
        let code = deunicode::deunicode(name)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-")
            .to_uppercase();
        put(format!("variants.{v}.sku"), format!("{sku_prefix}-{:02}-{code}", n + 1).chars().take(40).collect());
        put(format!("variants.{v}.name"), name.to_string());
        // Some variants run below the minimum order, as in any real catalog.
        put(format!("variants.{v}.stock"), (((n * 37 + v * 53) % 20) as u64 * product.moq / 4).to_string());
    }
    for (k, (key, value)) in product.specs.iter().enumerate() {
        put(format!("specs.{k}.key"), key.to_string());
        put(format!("specs.{k}.value"), value.to_string());
    }
    for custom in product.customization {
        put(format!("custom.{custom}"), "true".into());
    }
    put("packaging".into(), "Export cartons on pallets; details on request.".into());
    form
}

/// Lists the demo catalog of every demo supplier that has no products yet, through the same
/// rules as the editor; each product shows one of its supplier's pictures. Answers how many.
async fn demo_products(db: &Db) -> Result<usize, AppError> {
    let mut added = 0;
    for (index, company) in COMPANIES.iter().enumerate() {
        let Some(company_id) = sqlx::query_scalar::<_, i64>(
            "SELECT c.id FROM companies c WHERE c.slug = $1 AND NOT EXISTS (SELECT 1 FROM products p WHERE p.company_id = c.id)",
        )
        .bind(company.slug)
        .fetch_optional(db.pool())
        .await?
        else {
            continue;
        };
        let company = CompanyId::new(company_id).map_err(|_| AppError::Internal)?;
        let owner: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE company_id = $1 AND role = 'owner' ORDER BY created_at LIMIT 1",
        )
        .bind(company_id)
        .fetch_optional(db.pool())
        .await?;
        let Some(owner) = owner.and_then(|o| crate::domain::UserId::new(o).ok()) else { continue };
        let pictures: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM media WHERE company_id = $1 AND purpose = 'library' ORDER BY id")
                .bind(company_id)
                .fetch_all(db.pool())
                .await?;
        let sku_prefix = COMPANIES[index].slug[..3].to_uppercase();
        for (n, product) in PRODUCTS.iter().filter(|p| p.supplier == COMPANIES[index].slug).enumerate() {
            let form = demo_product_form(product, COMPANIES[index].country, &sku_prefix, n);
            let input = crate::domain::product::ProductInput::from_form(&form).map_err(|errors| {
                tracing::error!(?errors, product = product.title, "demo product is invalid");
                AppError::Internal
            })?;
            let id = super::catalog::write(db, company, owner, None, &input, None).await?;
            if let Some(picture) = pictures.get(n % pictures.len().max(1)) {
                super::catalog::change_images(db, company, id, super::catalog::ImageChange::Add(*picture)).await?;
            }
            // One draft per supplier, for the catalog's filters to show.
            if n + 1 < PRODUCTS.iter().filter(|p| p.supplier == COMPANIES[index].slug).count() {
                super::catalog::set_status(db, company, &[id], crate::domain::product::ProductStatus::Published)
                    .await?;
            }
            added += 1;
        }
        demo_selling_terms(db, company, COMPANIES[index].slug).await?;
    }
    Ok(added)
}

/// Worldwide shipping in each currency the supplier sells in (a flat charge, free on large
/// orders) and bank details for transfers, so demo checkouts work from anywhere.
async fn demo_selling_terms(db: &Db, company: CompanyId, slug: &str) -> Result<(), AppError> {
    use crate::domain::shipping::{Charge, Zone};
    let mut currencies: Vec<crate::domain::Currency> =
        PRODUCTS.iter().filter(|p| p.supplier == slug).filter_map(|p| p.currency.parse().ok()).collect();
    currencies.sort();
    currencies.dedup();
    let zones = currencies
        .into_iter()
        .map(|currency| Zone {
            name: format!("Worldwide ({})", currency.code()),
            countries: Vec::new(),
            currency,
            charge: Charge::PerOrder(crate::domain::Money::from_minor(15_000, currency)),
            free_above: Some(crate::domain::Money::from_minor(2_000_000, currency)),
        })
        .collect();
    let bank_details = format!("Beneficiary: {slug}\nIBAN: DE89 3704 0044 0532 0130 00\nBIC: COBADEFFXXX");
    super::selling::store(db, company, &crate::model::selling::SellingTerms { zones, bank_details }).await
}

/// Words that make synthetic titles differ the way real catalogs do.
const GRADES: &[&str] = &[
    "Premium",
    "Economy",
    "Heavy-duty",
    "Eco",
    "Industrial",
    "Export-grade",
    "Custom",
    "Classic",
    "Compact",
    "Reinforced",
    "Lightweight",
    "Professional",
    "Wholesale",
    "Certified",
    "Organic",
    "Recycled",
];
const SERIES: &[&str] = &["A", "B", "C", "D", "E", "F", "G", "H", "K", "M", "P", "S", "T", "X"];

/// Lists `count` more published products across the demo suppliers, for measuring search
/// and product pages at scale: each a demo listing with its own title, model number, price,
/// MOQ, lead time and options, written through the same rules as the editor. The demo
/// marketplace must be seeded first. Answers a report.
pub async fn synthetic(db: &Db, count: usize) -> Result<String, AppError> {
    const BATCH: usize = 500;
    let mut suppliers: Vec<(CompanyId, crate::domain::UserId, &DemoCompany, Vec<DemoProduct>)> = Vec::new();
    for company in COMPANIES.iter().filter(|c| PRODUCTS.iter().any(|p| p.supplier == c.slug)) {
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT c.id, m.user_id FROM companies c JOIN memberships m ON m.company_id = c.id \
             WHERE c.slug = $1 AND m.role = 'owner' ORDER BY m.created_at LIMIT 1",
        )
        .bind(company.slug)
        .fetch_optional(db.pool())
        .await?;
        let Some((company_id, owner)) = found else { continue };
        let products = PRODUCTS.iter().filter(|p| p.supplier == company.slug).copied().collect();
        suppliers.push((
            CompanyId::new(company_id).map_err(|_| AppError::Internal)?,
            crate::domain::UserId::new(owner).map_err(|_| AppError::Internal)?,
            company,
            products,
        ));
    }
    if suppliers.is_empty() {
        return Err(AppError::form("Seed the demo marketplace first (caravan seed --demo)."));
    }
    // Numbered on from what is there, so a second run adds rather than collides.
    let start: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE sku LIKE 'SYN-%'").fetch_one(db.pool()).await?;
    let started = std::time::Instant::now();
    let mut written = 0;
    while written < count {
        let mut tx = db.begin_write().await?;
        for n in written..(written + BATCH).min(count) {
            let serial = start as usize + n;
            let (company, owner, supplier, products) = &suppliers[serial % suppliers.len()];
            let mut product = products[(serial / suppliers.len()) % products.len()];
            // Prices from 60% to 159% of the demo's.
            product.price = (product.price * (60 + (serial * 37 % 100) as i64) / 100).max(1);
            // MOQs from a half to four times, kept whole steps so every tier break is orderable.
            product.increment = product.increment.max(1);
            product.moq = (product.moq * [1, 2, 4, 8][serial % 4] / 2).div_ceil(product.increment) * product.increment;
            if serial.is_multiple_of(3) {
                product.customization = &[];
            }
            let mut form = demo_product_form(&product, supplier.country, "SYN", serial);
            let model = format!("{}{}-{serial}", SERIES[serial % SERIES.len()], 100 + serial % 900);
            let title = format!("{} {} {model}", GRADES[serial * 7 % GRADES.len()], product.title);
            form.insert("title".into(), title.chars().take(crate::domain::product::MAX_TITLE_CHARS).collect());
            form.insert("lead_times.0.days".into(), (7 + serial % 5 * 7).to_string());
            for v in 0..product.variants.len() {
                form.insert(format!("variants.{v}.sku"), format!("SYN-{serial}-{v}"));
            }
            let input = crate::domain::product::ProductInput::from_form(&form).map_err(|errors| {
                tracing::error!(?errors, serial, "synthetic product is invalid");
                AppError::Internal
            })?;
            let id = super::catalog::write_in(&mut tx, *company, *owner, None, &input, None).await?;
            super::catalog::set_status_in(&mut tx, *company, &[id], crate::domain::product::ProductStatus::Published)
                .await?;
        }
        tx.commit().await?;
        written = (written + BATCH).min(count);
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "{count} synthetic products listed in {secs:.1} s ({:.0} per second).\n",
        count as f64 / secs.max(0.001)
    ))
}
