//! Automation (`IDispatch`): IDispatch for Rust types (`#[comtypes::dispatch]`).

mod server;

pub use server::{Args, DispatchClass, FromArg, Member, MemberKind, VariantEnumerator};
