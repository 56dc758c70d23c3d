//! How a member pays an order, and the names its payment and ledger entries go by.

/// How a member pays (the shared kind, under the name the payment code has always used).
pub use shared::kinds::PaymentMethod as Method;

/// The stored-value ledger reference of an order's payment.
pub fn ledger_reference(order: &str) -> String {
    format!("order:{order}")
}

/// The payment id of an order paid by `method`: one per order and method, so paying twice
/// the same way reuses it; a second way of paying is a second payment, refunded if the first
/// one completed the order.
pub fn payment_id(order: &str, method: Method) -> String {
    format!("P{order}{}", if method == Method::Balance { "B" } else { "S" })
}
