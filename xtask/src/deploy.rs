//! `cargo xtask deploy` and `cargo xtask admin create`: a production deployment from nothing,
//! as the README's "Deploy" section describes it, through wrangler's own commands.
//!
//! * `deploy` — builds the app and the production worker (no `dev` feature), applies the D1
//!   migrations (`--remote`), asks for each secret through `wrangler secret put` (its prompt),
//!   then `wrangler deploy`. `deploy --local --persist-to DIR` only migrates a local database
//!   (the CI path; `wrangler dev --var` brings the secrets there).
//! * `admin create <staff_no> [--store S1] [--name 总部管理员]` — the first head-office account:
//!   the password comes from `EDGEMALL_ADMIN_PASSWORD` or a prompt, is hashed here with the
//!   core's password code and a fresh salt, and is written with `wrangler d1 execute`. The
//!   store is created bare if it does not exist; `PUT /api/manage/stores/{id}` then describes it.

use crate::build::{self, Flavor};
use crate::step::{cmd, run, step};
use shared::password::{ITERATIONS, Password, PasswordHash};
use std::io::{BufRead, Read};
use std::path::Path;
use std::process::Command;

/// Where wrangler's D1 commands act.
#[derive(Clone, Debug)]
pub enum Target {
    /// The Cloudflare account's database.
    Remote,
    /// A local database kept under this directory (`--local --persist-to`).
    Local(String),
}

impl Target {
    fn args(&self) -> Vec<String> {
        match self {
            Target::Remote => vec!["--remote".into()],
            Target::Local(dir) => vec!["--local".into(), "--persist-to".into(), dir.clone()],
        }
    }
    fn from_args(args: &[String]) -> Result<Target, String> {
        match (args.iter().any(|a| a == "--local"), flag(args, "--persist-to")) {
            (true, Some(dir)) => Ok(Target::Local(absolute(&dir))),
            (true, None) => Err("--local needs --persist-to DIR".into()),
            (false, _) => Ok(Target::Remote),
        }
    }
}

fn absolute(dir: &str) -> String {
    let p = Path::new(dir);
    match p.is_absolute() {
        true => dir.to_owned(),
        false => std::env::current_dir().map(|c| c.join(p).to_string_lossy().into_owned()).unwrap_or(dir.to_owned()),
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn wrangler(args: &[String]) -> Command {
    let root = itest::repo_root();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut c = cmd(&root.join("node_modules/.bin/wrangler").to_string_lossy(), &refs, &root.join("edge"));
    c.env("WRANGLER_SEND_METRICS", "false");
    c
}

/// Applies every migration in `edge/migrations` to the target's database.
pub fn migrate(target: &Target) -> Result<(), String> {
    let mut args: Vec<String> = ["d1", "migrations", "apply", "DB"].map(String::from).to_vec();
    args.extend(target.args());
    let mut c = wrangler(&args);
    if let Target::Local(_) = target {
        c.env("CI", "1");
    }
    run(c)
}

/// `cargo xtask deploy [--local --persist-to DIR] [--skip-build] [--skip-secrets]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let target = Target::from_args(args)?;
    if !args.iter().any(|a| a == "--skip-build") {
        build::all(Flavor::Production)?;
    }
    step("D1: apply migrations", || migrate(&target))?;
    if let Target::Local(_) = target {
        println!("local database migrated; start it with `wrangler dev --local --persist-to …` and real --var secrets");
        return Ok(());
    }
    if !args.iter().any(|a| a == "--skip-secrets") {
        for (name, _) in shared::keys::DEVELOPMENT_SECRETS {
            println!("\nwrangler asks for {name} (a fresh random value; never the one in .dev.vars.example):");
            let mut c = wrangler(&["secret".into(), "put".into(), name.into()]);
            let shown = format!("{c:?}");
            let status = c.status().map_err(|e| format!("could not run {shown}: {e}"))?;
            if !status.success() {
                return Err(format!("{shown} failed ({status})"));
            }
        }
    }
    step("wrangler deploy", || run(wrangler(&["deploy".into()])))
}

/// Text as an SQL string literal.
fn sql(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The statements that make `staff_no` head office of `store` with this password hash: the
/// store is created bare if missing, an existing account with that number becomes an enabled
/// admin with the new password.
pub fn admin_sql(staff_no: &str, name: &str, store: &str, hash: &str) -> String {
    format!(
        "INSERT OR IGNORE INTO stores (id, name, name_en, address, address_en, timezone, utc_offset_minutes) \
         VALUES ({s}, {s}, {s}, '-', '-', 'Asia/Shanghai', 480); \
         INSERT INTO staff (id, name, store_id, role, password_hash) VALUES ({n}, {name}, {s}, 'admin', {h}) \
         ON CONFLICT(id) DO UPDATE SET role = 'admin', password_hash = excluded.password_hash, disabled_at = NULL;",
        s = sql(store),
        n = sql(staff_no),
        name = sql(name),
        h = sql(hash)
    )
}

fn salt() -> Result<[u8; 16], String> {
    let mut salt = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut salt))
        .map_err(|e| format!("no randomness for the salt: {e}"))?;
    Ok(salt)
}

fn password_from_env_or_prompt() -> Result<String, String> {
    if let Ok(p) = std::env::var("EDGEMALL_ADMIN_PASSWORD") {
        return Ok(p);
    }
    eprint!("password for the new admin (8-128 characters): ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Creates (or re-enables) a head-office account on the target's database.
pub fn create_admin(target: &Target, staff_no: &str, name: &str, store: &str, password: &str) -> Result<(), String> {
    let staff_no = shared::staff_ops::staff_no(staff_no).map_err(|e| e.to_string())?;
    let store = shared::ids::StoreId::parse(store).map_err(|e| e.to_string())?;
    let password = Password::parse(password).map_err(|e| e.to_string())?;
    let hash = PasswordHash::new(&password, salt()?, ITERATIONS).encode();
    let mut args: Vec<String> = ["d1", "execute", "DB"].map(String::from).to_vec();
    args.extend(target.args());
    args.extend(["--command".into(), admin_sql(&staff_no, name, store.as_str(), &hash)]);
    let mut c = wrangler(&args);
    c.env("CI", "1");
    run(c)
}

/// `cargo xtask admin create <staff_no> [--store S1] [--name NAME] [--local --persist-to DIR]`.
pub fn admin_command(args: &[String]) -> Result<(), String> {
    let (Some("create"), Some(staff_no)) = (args.first().map(String::as_str), args.get(1)) else {
        return Err(
            "usage: cargo xtask admin create <staff_no> [--store S1] [--name NAME] [--local --persist-to DIR]".into()
        );
    };
    let target = Target::from_args(args)?;
    let store = flag(args, "--store").unwrap_or_else(|| "S1".into());
    let name = flag(args, "--name").unwrap_or_else(|| "总部管理员".into());
    let password = password_from_env_or_prompt()?;
    step(&format!("admin {staff_no} of store {store}"), || create_admin(&target, staff_no, &name, &store, &password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_statements_quote_every_value() {
        let text = admin_sql("A0001", "O'Brien", "S1", "pbkdf2$x");
        assert!(text.contains("'O''Brien'") && text.contains("'pbkdf2$x'") && text.contains("'admin'"));
        assert!(text.contains("disabled_at = NULL"), "re-running enables the account again");
    }

    #[test]
    fn local_targets_need_a_directory() {
        assert!(Target::from_args(&["--local".into()]).is_err());
        let t = Target::from_args(&["--local".into(), "--persist-to".into(), "/tmp/x".into()]).unwrap();
        assert_eq!(t.args(), vec!["--local", "--persist-to", "/tmp/x"]);
        assert!(matches!(Target::from_args(&[]), Ok(Target::Remote)));
    }
}
