use crate::{interface, Guid, IUnknown, TaskMemString, HRESULT};

/// An object that can be saved: the base of the IPersist* family.
#[interface("0000010C-0000-0000-C000-000000000046")]
pub unsafe trait IPersist: IUnknown {
    /// The CLSID that can load the saved state.
    fn GetClassID(&self, #[out] clsid: *mut Guid) -> HRESULT;
}

/// An object saved to and loaded from a file.
#[interface("0000010B-0000-0000-C000-000000000046")]
pub unsafe trait IPersistFile: IPersist {
    /// S_OK when changed since the last save, S_FALSE when not.
    #[hresult]
    fn IsDirty(&self) -> HRESULT;
    /// Loads the file (a NUL-terminated wide path) with STGM `mode`.
    fn Load(&self, file_name: *const u16, mode: u32) -> HRESULT;
    /// Saves to the file (null: the current one); `remember` is a BOOL.
    fn Save(&self, file_name: *const u16, remember: i32) -> HRESULT;
    /// Tells the object the save has completed.
    fn SaveCompleted(&self, file_name: *const u16) -> HRESULT;
    /// The current file's path.
    fn GetCurFile(&self, #[out] file_name: *mut TaskMemString) -> HRESULT;
}
