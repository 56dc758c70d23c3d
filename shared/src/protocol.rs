//! The protocol between the worker and its Durable Objects: one module per object, each with
//! one struct per command, the reply each command names, and the wire enum the object reads.
//! They are data, not I/O: the worker sends them through `edge/src/calls`, the objects in
//! `edge/src/objects` answer them, and the tests beside each module pin the wire form that
//! live objects read (a renamed field would otherwise break them silently).

/// Declares one object's commands: the enum sent over the wire (tagged by `op`, each variant
/// wrapping the command's own struct), and a trait that names each command's reply, so sending
/// a command yields the type its object answers with and a mismatch is a compile error.
macro_rules! commands {
    ($(#[$meta:meta])* $wire:ident, $(#[$tmeta:meta])* $call:ident { $($(#[$doc:meta])* $name:ident => $reply:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        pub enum $wire {
            $($(#[$doc])* $name($name)),*
        }

        $(#[$tmeta])*
        pub trait $call: Clone + Into<$wire> {
            /// What the object answers.
            type Reply: serde::Serialize + serde::de::DeserializeOwned;
        }

        /// The reply to command `C`, as the object sends it: only the type `C` names compiles.
        pub fn reply<C: $call>(value: &C::Reply) -> serde_json::Value {
            serde_json::to_value(value).unwrap_or_default()
        }

        $(
            impl From<$name> for $wire {
                fn from(command: $name) -> $wire {
                    $wire::$name(command)
                }
            }
            impl $call for $name {
                type Reply = $reply;
            }
        )*
    };
}
pub(crate) use commands;

pub mod campaign;
pub mod envelope;
pub mod live;
pub mod member;
pub mod sale;
pub mod stock;

/// An answer that carries nothing but its success (`{}`).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Done {}
