//! How a member pays an order, and the names its payment and ledger entries go by (rules of
//! the core, re-exported under the names the payment code has always used).

pub use shared::kinds::{PaymentMethod as Method, ledger_reference, payment_id};
