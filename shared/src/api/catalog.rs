//! Catalog shapes: stores, floors, counters, products and the demo seed.
//! Field names follow `../shared/api-contract.md`.

use crate::Fen;
use crate::ids::{Category, CounterId, FloorId, Sku, StoreId, VariantGroup};
use serde::{Deserialize, Serialize};

/// A store of the chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    /// `S1`.
    pub id: StoreId,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Street address (Chinese).
    pub address: String,
    /// Street address (English).
    pub address_en: String,
    /// IANA time zone the store shows times in.
    pub timezone: String,
    /// Offset of that zone from UTC in minutes (the app formats local times with it).
    pub utc_offset_minutes: i32,
    /// Floors, lowest first.
    pub floors: Vec<Floor>,
}

/// A floor of a store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Floor {
    /// `S1-F2`.
    pub id: FloorId,
    /// As the lift shows it: `B1`, `1F`, `2F`.
    pub name: String,
    /// Numeric level: -1 for B1, 1 for the ground floor.
    pub level: i32,
}

/// A product as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Stock-keeping unit.
    pub sku: Sku,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Brand.
    pub brand: String,
    /// Category slug.
    pub category: Category,
    /// Shelf price.
    pub price_fen: Fen,
    /// The EAN-13 barcode printed on the goods (unique in the catalog).
    pub barcode: crate::barcode::Ean13,
    /// Path of a small image under the app's origin.
    pub image: String,
    /// The brand's counter in the store asked about (`null` when no store was given).
    pub counter_id: Option<CounterId>,
    /// The item this SKU is one variant of (`null` for an item with one SKU).
    #[serde(default)]
    pub group: Option<VariantGroup>,
    /// What tells this variant from its siblings (colour, size).
    #[serde(default)]
    pub attributes: Attributes,
}

/// What tells a variant from the other SKUs of its item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributes {
    /// Colour as the label says it, e.g. `藏青`.
    #[serde(default)]
    pub color: Option<String>,
    /// Size as the label says it, e.g. `41` or `M`.
    #[serde(default)]
    pub size: Option<String>,
}

/// A product with its stock in every store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    /// The product.
    #[serde(flatten)]
    pub product: Product,
    /// One description paragraph (Chinese).
    pub description: String,
    /// One description paragraph (English).
    pub description_en: String,
    /// Units a customer can buy now, per store.
    pub stock: Vec<StoreStock>,
    /// Every SKU of the item (this one included) in the order pickers show them; empty for an
    /// item with one SKU (see [`crate::variants`]).
    #[serde(default)]
    pub variants: Vec<Variant>,
}

/// One SKU of an item with several, as the product page's colour and size pickers show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Its own SKU.
    pub sku: Sku,
    /// Its colour and size.
    pub attributes: Attributes,
    /// Its shelf price.
    pub price_fen: Fen,
    /// Units free to sell, summed over the stores that carry it.
    pub available: u32,
}

/// Available units of one product in one store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreStock {
    /// The store.
    pub store_id: StoreId,
    /// Units free to sell (not locked by pending orders, not reserved for flash sales).
    pub available: u32,
    /// Where the product is sold in that store.
    pub counter_id: Option<CounterId>,
    /// The counter's sign (Chinese), e.g. `行囊专柜`.
    pub counter_name: Option<String>,
    /// The counter's sign (English).
    pub counter_name_en: Option<String>,
    /// The floor the counter is on, e.g. `2F`.
    pub floor: Option<String>,
    /// With no unit here: the store whose units can be ordered to here, and when they would
    /// be ready (see [`crate::fulfil`]).
    #[serde(default)]
    pub elsewhere: Option<crate::fulfil::Elsewhere>,
}

/// The demo store, as `POST /api/dev/seed` takes it (local development only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seed {
    /// Stores with their floors and counters.
    pub stores: Vec<SeedStore>,
    /// Products with their stock per store.
    pub products: Vec<SeedProduct>,
    /// Guides and managers.
    #[serde(default)]
    pub staff: Vec<SeedStaff>,
    /// Plastic cards in circulation (some linked to members below).
    #[serde(default)]
    pub physical_cards: Vec<SeedCard>,
    /// Demo members.
    #[serde(default)]
    pub members: Vec<SeedMember>,
    /// Flash sales, timed relative to the moment of seeding (re-created whenever none of a
    /// template's is live or upcoming).
    #[serde(default)]
    pub flash_sales: Vec<SeedSale>,
    /// Coupon campaigns, timed relative to the moment of seeding (re-created when closed).
    #[serde(default)]
    pub coupon_campaigns: Vec<SeedCampaign>,
}

/// A demo coupon campaign, timed relative to now, with coupons handed to some demo members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedCampaign {
    /// Title (also how the seed recognises the campaign on later runs).
    pub title: String,
    /// `threshold|percent|fixed`.
    pub kind: crate::coupon::CouponKind,
    /// Spend needed.
    #[serde(default)]
    pub threshold_fen: Option<i64>,
    /// Amount off / cap.
    #[serde(default)]
    pub off_fen: Option<i64>,
    /// Percent off.
    #[serde(default)]
    pub percent: Option<i64>,
    /// Scope.
    pub scope: crate::kinds::Scope,
    /// Store, if only one.
    #[serde(default)]
    pub store_id: Option<String>,
    /// Coupons.
    pub quantity: i64,
    /// Per member.
    pub per_member_limit: i64,
    /// Days the campaign runs from now.
    pub days: i64,
    /// Days a coupon is valid from its claim.
    #[serde(default)]
    pub valid_days: Option<i64>,
    /// Audience.
    #[serde(default)]
    pub audience: Option<crate::coupon::Audience>,
    /// For `after_payment` campaigns: the order total that earns a coupon.
    #[serde(default)]
    pub reward_min_fen: Option<i64>,
    /// Flash-sale prices count.
    #[serde(default)]
    pub flash_sale_ok: Option<bool>,
    /// Phones of demo members who get one at seeding.
    #[serde(default)]
    pub give_to: Vec<String>,
}

/// A demo flash sale, timed relative to now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedSale {
    /// Product.
    pub sku: String,
    /// Store.
    pub store_id: String,
    /// Title.
    pub title: String,
    /// Sale price.
    pub price_fen: i64,
    /// Units.
    pub quantity: i64,
    /// Per member.
    pub per_member_limit: i64,
    /// Minutes from now to the start (negative: already live).
    pub starts_in_minutes: i64,
    /// Length of the window.
    pub duration_minutes: i64,
    /// Buckets.
    #[serde(default)]
    pub buckets: Option<i64>,
}

/// A staff member in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedStaff {
    /// Staff number.
    pub staff_no: String,
    /// Name.
    pub name: String,
    /// Store.
    pub store_id: StoreId,
    /// `guide`, `manager` or `admin`.
    pub role: crate::kinds::StaffRole,
    /// Password (hashed on the way in).
    pub password: String,
}

/// A plastic card in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedCard {
    /// 16 digits.
    pub card_no: String,
    /// 6 digits.
    pub verify_code: String,
    /// Points on the card.
    pub points: u64,
}

/// A demo member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedMember {
    /// Phone.
    pub phone: String,
    /// Name.
    pub name: String,
    /// Password (hashed on the way in).
    pub password: String,
    /// Stored value to start with.
    pub opening_balance_fen: u64,
    /// A seeded plastic card to link.
    pub physical_card_no: Option<String>,
    /// Past purchases, for the tier.
    #[serde(default)]
    pub spend: Vec<SeedSpend>,
}

/// A past purchase in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedSpend {
    /// How many days before the seed it was paid.
    pub days_ago: i64,
    /// Amount.
    pub fen: u64,
}

/// A store in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedStore {
    /// The store itself.
    #[serde(flatten)]
    pub store: Store,
    /// Its counters.
    pub counters: Vec<Counter>,
}

/// A brand counter on a floor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counter {
    /// `S1-C03`.
    pub id: CounterId,
    /// The floor it is on.
    pub floor_id: FloorId,
    /// Brand sold there.
    pub brand: String,
    /// Sign over the counter (Chinese).
    pub name: String,
    /// Sign over the counter (English).
    pub name_en: String,
    /// Position on the floor plan, metres from the west wall.
    pub x: i32,
    /// Position on the floor plan, metres from the north wall.
    pub y: i32,
}

/// A product in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedProduct {
    /// The product (its `counter_id` is ignored: counters come from the brand).
    #[serde(flatten)]
    pub product: Product,
    /// Description (Chinese).
    pub description: String,
    /// Description (English).
    pub description_en: String,
    /// Units on hand per store.
    pub stock: Vec<SeedStock>,
}

/// Units of a product on hand in a store, in the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedStock {
    /// The store.
    pub store_id: StoreId,
    /// Units on hand.
    pub on_hand: u32,
}

/// What `POST /api/dev/seed` did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedReport {
    /// False when the store was already seeded (nothing was written).
    pub seeded: bool,
    /// Stores present.
    pub stores: u32,
    /// Products present.
    pub products: u32,
}
