//! [`Name`]: the shared, immutable string that holds every identifier of the model.
//!
//! A type library stores each identifier once, in its name table, and refers to it
//! from every type, member and parameter that bears it (mshtml.tlb: 33,000 uses of
//! 2,800 names). The reader decodes each name-table entry once and hands out clones
//! of one reference-counted string, so a clone costs a counter increment, not an
//! allocation and a copy; the model stays `Send + Sync` and cheap to clone.
//!
//! `Name` behaves like a `&str` (it derefs to one, compares with `str`/`String`,
//! displays, debugs and serializes exactly as the text it holds), and converts from
//! `&str` and `String`, so code that builds a model by hand writes `"IFoo".into()`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An identifier (a type, member or parameter name), shared between its uses.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Name {
    fn default() -> Name {
        Name(Arc::from(""))
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// `Hash`/`Eq`/`Ord` of `Arc<str>` are those of the `str`, as `Borrow` requires: a
// map keyed by `Name` can be searched with a `&str`.
impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(Arc::from(s))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(Arc::from(s))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name(Arc::from(s.as_str()))
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, o: &Name) -> bool {
        *self == *o.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, o: &Name) -> bool {
        **self == *o.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, o: &Name) -> bool {
        **self == *o.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Name {
    /// Quoted, as a `String` debugs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Name {
    /// A JSON string, as a `String` serializes.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn behaves_like_its_text() {
        let n = Name::from("IFoo");
        assert_eq!(n, "IFoo");
        assert_eq!("IFoo", n);
        assert_eq!(n, String::from("IFoo"));
        assert_eq!(n.len(), 4);
        assert_eq!(format!("{n} {n:?}"), "IFoo \"IFoo\"");
        assert_eq!(Name::default(), "");
        let m: std::collections::HashMap<Name, u32> = [(n.clone(), 1)].into();
        assert_eq!(m.get("IFoo"), Some(&1));
        assert_eq!(String::from(n), "IFoo");
    }
}
