//! The standard interfaces every COM user meets, declared with `#[interface]` exactly as
//! user code declares its own. One file per family.

mod class_factory;
mod class_info;
mod dispatch;
mod enum_unknown;
mod enum_variant;
mod error_info;
mod malloc;
mod persist;
mod service_provider;
mod stream;
mod type_info;

pub use class_factory::*;
pub use class_info::*;
pub use dispatch::*;
pub use enum_unknown::*;
pub use enum_variant::*;
pub use error_info::*;
pub use malloc::*;
pub use persist::*;
pub use service_provider::*;
pub use stream::*;
pub use type_info::*;
