//! How a member pays an order, and the names its payment and ledger entries go by.

/// How a member pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Stored value.
    Balance,
    /// The (sandbox) payment gateway.
    Sandbox,
}

impl Method {
    /// Reads `balance` / `sandbox`.
    pub fn parse(text: &str) -> Option<Method> {
        match text {
            "balance" => Some(Method::Balance),
            "sandbox" => Some(Method::Sandbox),
            _ => None,
        }
    }
    /// `balance` / `sandbox`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Balance => "balance",
            Method::Sandbox => "sandbox",
        }
    }
}

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
