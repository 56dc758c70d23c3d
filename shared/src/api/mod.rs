//! The JSON shapes of the API, shared by the worker (which writes them) and the app (which
//! reads them). Field names follow `../shared/api-contract.md`. Request bodies keep raw field
//! types (strings, integers) so the worker can answer a rule broken with 422 naming the field,
//! and a wrong type with 400.

mod catalog;
mod coupons;
mod dev;
mod health;
mod identity;
mod manage;
mod messages;
mod points;
mod promo;
mod sales;
mod scan_go;
mod transfers;

pub use catalog::*;
pub use coupons::*;
pub use dev::*;
pub use health::*;
pub use identity::*;
pub use manage::*;
pub use messages::*;
pub use points::*;
pub use promo::*;
pub use sales::*;
pub use scan_go::*;
pub use transfers::*;
