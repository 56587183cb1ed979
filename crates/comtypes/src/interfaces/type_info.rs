//! `ITypeInfo` lives with the other type library interfaces in [`crate::typeinfo`];
//! re-exported here because `IDispatch` and `IProvideClassInfo` hand it out.

pub use crate::typeinfo::{ITypeInfo, ITypeInfo_Impl, ITypeInfo_Vtbl};
