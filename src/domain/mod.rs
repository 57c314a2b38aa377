//! Pure rules of domain.md: no SQL, no terminal, and the as-of date is always
//! a parameter. The database layer feeds these functions plain values.

pub mod access;
pub mod calendar;
pub mod careplan;
pub mod colour;
pub mod county;
pub mod education;
pub mod events;
pub mod followup;
pub mod groups;
pub mod idnum;
pub mod indicators;
pub mod load;
pub mod model;
pub mod places;
pub mod plan;
pub mod queue;
pub mod record;
pub mod referral;
pub mod refusal;
pub mod removal;
pub mod rules;
pub mod sshkey;
pub mod state;
#[cfg(test)]
pub(crate) mod testkit;
pub mod tier;
pub mod volunteer_reading;

/// An enumeration stored in the database as a short code (the same codes the
/// CHECK constraints of schema.sql list), shown to people through `words`.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The code stored in the database and used on the command line.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$var),)+ _ => None }
            }
            /// The codes, comma-separated, for messages that say what is allowed.
            pub fn codes() -> String { [$($code),+].join(", ") }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::from_code(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown code {s}")))
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}
pub(crate) use code_enum;
