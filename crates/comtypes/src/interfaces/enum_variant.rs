use crate::{interface, IUnknown, Variant, HRESULT};

/// Enumerates automation values: what `_NewEnum` (DISPID_NEWENUM) returns.
#[interface("00020404-0000-0000-C000-000000000046")]
pub unsafe trait IEnumVARIANT: IUnknown {
    /// Fetches up to `count` values into `values` (the caller's array of empty
    /// VARIANTs); `fetched` (may be null when `count` is 1) receives how many. S_FALSE
    /// when fewer than asked remained.
    #[hresult]
    fn Next(&self, count: u32, values: *mut Variant, fetched: *mut u32) -> HRESULT;
    /// Skips `count` values; S_FALSE when fewer remained.
    #[hresult]
    fn Skip(&self, count: u32) -> HRESULT;
    /// Restarts at the beginning.
    fn Reset(&self) -> HRESULT;
    /// A second enumerator at the same position.
    fn Clone(&self, #[out] enumerator: *mut Option<IEnumVARIANT>) -> HRESULT;
}
