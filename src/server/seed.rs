//! `caravan seed --demo`: a living demo marketplace with known logins. Idempotent: running it
//! again adds only what is missing. It refuses a database holding real companies unless forced.

use super::db::Db;
use super::media::{self, Media};
use super::{now, password};
use crate::api::media::{ImageVariant, MediaPurpose};
use crate::domain::storefront::{Accent, BlockContent, BlockKind, FormValues, PageKind, StorefrontDoc, ThemePreset};
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

    let mut report = String::new();
    let _ = writeln!(
        report,
        "Demo marketplace ready: {added} companies added, {} already present.",
        COMPANIES.len() - added
    );
    let _ = writeln!(report, "Sign in with password \"{DEMO_PASSWORD}\" as:");
    let _ = writeln!(report, "  supplier  li.wei@huayu-textiles.example      (owner, Zhejiang Huayu Textiles)");
    let _ = writeln!(report, "  buyer     emma.clarke@northwind-retail.example  (owner, Northwind Retail Group)");
    let _ = writeln!(report, "  admin     {DEMO_ADMIN}");
    Ok(report)
}
