use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;

use crisisdesk::app::App;
use crisisdesk::cli::{self, Cli, Command, DrillAction};
use crisisdesk::domain::Content;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("crisisdesk: {msg}");
            // `lint` gives 1 and 2 a meaning of their own (warnings, blocked),
            // so a lint that could not run says so with 3.
            ExitCode::from(if matches!(cli.command, Some(Command::Lint { .. })) { 3 } else { 1 })
        }
    }
}

fn interactive() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

fn run(cli: &Cli) -> Result<u8, String> {
    let content = Content::builtin().map_err(|e| format!("built-in content is damaged: {e}"))?;
    let now = Utc::now();
    match &cli.command {
        // Opening a drill opens it in the console; a script gets its id.
        Some(Command::Drill {
            action: DrillAction::Start { scenario },
        }) if interactive() => {
            let mut store = cli::open_store(cli.db.as_ref()).map_err(|e| e.0)?;
            let id = cli::drill::start(&mut store, scenario, content, now).map_err(|e| e.0)?;
            let mut app = App::new(store, content, cli.lang, cli.tz, now);
            app.open_incident(id);
            app.start_operator(cli.operator.as_deref());
            crisisdesk::term::run(&mut app).map_err(|e| format!("terminal error: {e}"))?;
            Ok(0)
        }
        Some(Command::Wall { incident, high_contrast }) => {
            if !interactive() {
                return Err("the wall needs a terminal".into());
            }
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => crisisdesk::store::default_path().ok_or("cannot find a data directory; pass --db PATH")?,
            };
            crisisdesk::wall::run(&path, *incident, *high_contrast, content, cli.lang, cli.tz).map_err(|e| e.to_string())?;
            Ok(0)
        }
        Some(cmd) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let r = cli::run_command(cli, cmd, content, now, &mut out).map_err(|e| e.0);
            // A closed pipe (`| head`) is not the user's error.
            let _ = out.flush();
            r
        }
        None => {
            if !interactive() {
                return Err("the console needs a terminal; for scripts use a subcommand (see --help)".into());
            }
            let store = cli::open_store(cli.db.as_ref()).map_err(|e| e.0)?;
            let mut app = App::new(store, content, cli.lang, cli.tz, now);
            app.start_operator(cli.operator.as_deref());
            crisisdesk::term::run(&mut app).map_err(|e| format!("terminal error: {e}"))?;
            if let Some(note) = app.exit_note {
                eprintln!("crisisdesk: {note}");
            }
            Ok(0)
        }
    }
}
