use std::time::Instant;
fn main() {
    let pass = steward_core::SecretString::from("bench passphrase, long enough".to_string());
    for _ in 0..4 {
        let t = Instant::now();
        let l = steward_core::LockedVault::open(std::path::Path::new("/tmp/p4.steward")).unwrap();
        println!("params {:?}", l.passphrase_params().unwrap());
        let _v = l.unlock(&pass).unwrap();
        println!("unlock {:?}", t.elapsed());
    }
}
