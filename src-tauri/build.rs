//! Build script of the desktop app: generates Tauri's context and permission schemas, and
//! makes sure a change in the built UI folder triggers a rebuild (the assets are embedded).
fn main() {
    println!("cargo:rerun-if-changed=ui/dist");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
