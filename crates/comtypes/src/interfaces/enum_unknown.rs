use crate::{interface, IUnknown, HRESULT};

/// Enumerates objects.
#[interface("00000100-0000-0000-C000-000000000046")]
pub unsafe trait IEnumUnknown: IUnknown {
    /// Fetches up to `count` objects into `objects`; `fetched` (may be null when `count`
    /// is 1) receives how many. S_FALSE when fewer than asked remained.
    #[hresult]
    fn Next(&self, count: u32, objects: *mut Option<IUnknown>, fetched: *mut u32) -> HRESULT;
    /// Skips `count` objects.
    fn Skip(&self, count: u32) -> HRESULT;
    /// Restarts at the beginning.
    fn Reset(&self) -> HRESULT;
    /// A second enumerator at the same position.
    fn Clone(&self, #[out] enumerator: *mut Option<IEnumUnknown>) -> HRESULT;
}
