//! The demo marketplace as data: its companies (with their people and onboarding answers),
//! their catalogs, and the words synthetic listings are made from.

use crate::domain::Role;

pub struct DemoCompany {
    pub slug: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub country: &'static str,
    pub city: &'static str,
    pub description: &'static str,
    pub categories: &'static [&'static str],
    /// (name, email, role); the first is the owner.
    pub people: &'static [(&'static str, &'static str, Role)],
    pub joined_days_ago: i64,
    /// A selling company's onboarding answers.
    pub profile: Option<DemoProfile>,
}

pub struct DemoProfile {
    pub business_type: &'static str,
    pub year: i64,
    pub employees: &'static str,
    pub markets: &'static [&'static str],
    pub response: &'static str,
}

pub const COMPANIES: &[DemoCompany] = &[
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
pub struct DemoProduct {
    pub supplier: &'static str,
    pub title: &'static str,
    pub category: &'static str,
    pub unit: &'static str,
    pub currency: &'static str,
    /// Unit price of the first tier, in minor units.
    pub price: i64,
    pub moq: u64,
    pub increment: u64,
    pub variants: &'static [&'static str],
    pub specs: &'static [(&'static str, &'static str)],
    pub customization: &'static [&'static str],
}

macro_rules! demo_products {
    ($($supplier:literal => [$(($title:literal, $category:literal, $unit:literal, $currency:literal, $price:literal, $moq:literal, $increment:literal, [$($variant:literal),*], [$(($k:literal, $v:literal)),*], [$($custom:literal),*])),+ $(,)?]);+ $(;)?) => {
        &[$($(DemoProduct {
            supplier: $supplier, title: $title, category: $category, unit: $unit, currency: $currency, price: $price,
            moq: $moq, increment: $increment, variants: &[$($variant),*], specs: &[$(($k, $v)),*], customization: &[$($custom),*],
        }),+),+]
    };
}

pub const PRODUCTS: &[DemoProduct] = demo_products! {
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

/// Words that make synthetic titles differ the way real catalogs do.
pub const GRADES: &[&str] = &[
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
pub const SERIES: &[&str] = &["A", "B", "C", "D", "E", "F", "G", "H", "K", "M", "P", "S", "T", "X"];
