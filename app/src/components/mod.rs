//! Reusable pieces of UI.

pub mod add_to_cart;
pub mod bar_chart;
pub mod coupon_card;
pub mod csv_download;
pub mod live_sale;
pub mod member_card;
pub mod member_code;
pub mod product_card;
pub mod scanner;
pub mod status;
pub mod stepper;
pub mod store_picker;
pub mod tab_bar;
pub mod tier_benefits;
pub mod top_bar;
pub mod variant_picker;
