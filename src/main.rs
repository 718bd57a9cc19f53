use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crisisdesk::app::App;
use crisisdesk::cli::{self, Cli, Command, DrillAction};
use crisisdesk::domain::Content;
use crisisdesk::error::{Error, Msg};
use crisisdesk::i18n::Catalog;

fn main() -> ExitCode {
    let cli = Cli::from_env();
    // The built-in roles are read on another thread while this one opens
    // the database: the first frame needs both. (Each playbook is read when
    // first needed, and the strings are compiled in.)
    std::thread::spawn(|| {
        let _ = Content::builtin();
    });
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // In the interface language, like everything else the user reads.
            eprintln!("crisisdesk: {}", e.words(Catalog::get(cli.lang)));
            // `lint` gives 1 and 2 a meaning of their own (warnings, blocked),
            // so a lint that could not run says so with 3.
            ExitCode::from(if matches!(cli.command, Some(Command::Lint { .. })) { 3 } else { 1 })
        }
    }
}

fn interactive() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

fn terminal_error(e: std::io::Error) -> Error {
    Msg::new("error.terminal").with("detail", e).into()
}

/// The built-in content for the console, which reads each playbook when
/// it first needs it and checks them all after its first frame.
fn builtin() -> Result<&'static Content, Error> {
    Content::builtin().map_err(damaged)
}

/// The built-in content for a command or the wall, every playbook checked
/// before anything runs.
fn checked() -> Result<&'static Content, Error> {
    let content = builtin()?;
    content.check().map_err(damaged)?;
    Ok(content)
}

fn damaged(detail: String) -> Error {
    Msg::new("cli.content_damaged").with("detail", detail).into()
}

fn run(cli: &Cli) -> Result<u8, Error> {
    let now = crisisdesk::term::now();
    match &cli.command {
        // Opening a drill opens it in the console; a script gets its id.
        Some(Command::Drill {
            action: DrillAction::Start { scenario },
        }) if interactive() => {
            let mut store = cli::open_store(cli.db.as_ref())?;
            // A command: it writes the drill, so everything is checked first.
            let content = checked()?;
            let id = cli::drill::start(&mut store, scenario, content, now)?;
            let starting = crisisdesk::term::start();
            let mut app = App::new(store, content, cli.lang, cli.tz, now, crisisdesk::term::size());
            app.open_incident(id);
            console(cli, &mut app, starting)
        }
        // The preparedness view opens in the console on a terminal.
        Some(Command::Prepare) if interactive() => {
            let starting = crisisdesk::term::start();
            let store = cli::open_store(cli.db.as_ref())?;
            let content = builtin()?;
            let mut app = App::new(store, content, cli.lang, cli.tz, now, crisisdesk::term::size());
            app.dispatch(crisisdesk::action::Action::OpenPrepare);
            console(cli, &mut app, starting)
        }
        Some(Command::Wall { incident, high_contrast }) => {
            if !interactive() {
                return Err(Msg::new("cli.wall_needs_terminal").into());
            }
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => crisisdesk::store::default_path().ok_or_else(|| Msg::new("cli.no_data_dir"))?,
            };
            crisisdesk::wall::run(&path, *incident, *high_contrast, checked()?, cli.lang, cli.tz)?;
            Ok(0)
        }
        Some(cmd) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let r = cli::run_command(cli, cmd, checked()?, now, &mut out);
            // A closed pipe (`| head`) is not the user's error.
            let _ = out.flush();
            r
        }
        None => {
            if !interactive() {
                return Err(Msg::new("cli.console_needs_terminal").into());
            }
            // The database opens while the roles are read (see `main`)
            // and the terminal is set up.
            let starting = crisisdesk::term::start();
            let store = cli::open_store(cli.db.as_ref())?;
            // Read while the roles thread finishes (they need none of it).
            let lists = crisisdesk::app::view::Lists::load(&store, false);
            let content = builtin()?;
            let mut app = App::with_lists(store, lists, content, cli.lang, cli.tz, now, crisisdesk::term::size());
            console(cli, &mut app, starting)
        }
    }
}

/// Run the console until the user quits; what it has to say after the
/// terminal is restored goes to stderr.
fn console(cli: &Cli, app: &mut App, starting: crisisdesk::term::Starting) -> Result<u8, Error> {
    app.start_operator(cli.operator.as_deref());
    crisisdesk::term::run(app, starting).map_err(terminal_error)?;
    if let Some(note) = app.exit_note.take() {
        eprintln!("crisisdesk: {note}");
    }
    Ok(0)
}
