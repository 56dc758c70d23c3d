//! Reusable pieces of UI.

pub mod coupon_card;
pub mod member_card;
pub mod member_code;
pub mod product_card;
pub mod scanner;
pub mod status;
pub mod store_picker;
pub mod tab_bar;
pub mod top_bar;
