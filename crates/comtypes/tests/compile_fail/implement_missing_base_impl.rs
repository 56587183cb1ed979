use comtypes::interfaces::{IPersistFile, IPersistFile_Impl};
use comtypes::{Result, TaskMemString, HRESULT};

#[comtypes::implement(IPersistFile)]
struct Object;

impl IPersistFile_Impl for Object {
    fn IsDirty(&self) -> HRESULT {
        comtypes::hresult::S_FALSE
    }
    unsafe fn Load(&self, _file: *const u16, _mode: u32) -> Result<()> {
        Ok(())
    }
    unsafe fn Save(&self, _file: *const u16, _remember: i32) -> Result<()> {
        Ok(())
    }
    unsafe fn SaveCompleted(&self, _file: *const u16) -> Result<()> {
        Ok(())
    }
    fn GetCurFile(&self) -> Result<TaskMemString> {
        Ok(TaskMemString::default())
    }
}

fn main() {}
