//! The actions of every screen, each declared once in `actions!` with its default keys, hint,
//! help line and the screens it acts on; its config name is derived from the variant.

use std::sync::LazyLock;

/// Where the focus is in the wizard, which decides which keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A field typed into: letters type.
    Text,
    /// A list of options.
    List,
    /// A button, a toggle, the review.
    Other,
}

/// The screens of the status pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The table of ads.
    Table,
    /// The detail of one ad, focused (a rejected asset highlighted).
    Detail,
    /// The asset results of one ad.
    Results,
    /// Typing the new text of a rejected asset: letters type.
    Editor,
    /// Typing the filter: letters type.
    Filter,
    /// Asking whether to send the fix.
    Confirm,
    /// The pane's `?` help: any key closes it.
    Help,
    /// A control of the launch being asked: what it acts on (the ad, its ad set, the whole
    /// launch), then whether to send it.
    Control,
}

impl Pane {
    /// Every screen of the pane.
    pub const ALL: [Pane; 8] = [
        Pane::Table,
        Pane::Detail,
        Pane::Results,
        Pane::Editor,
        Pane::Filter,
        Pane::Confirm,
        Pane::Help,
        Pane::Control,
    ];
}

/// The wizard's screens over its steps: the crop editor and the questions it asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    /// The crop editor over an image.
    Crop,
    /// Typing the crop box's coordinates: letters type.
    CropBox,
    /// Asking whether to launch.
    Confirm,
    /// Asking whether to resume an unfinished draft.
    Resume,
    /// Typing the path the draft is exported to: letters type.
    Export,
    /// The Review step after a launch, while its review can be watched.
    Launched,
    /// The ad preview screen.
    AdPreview,
}

/// Any screen that reads keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Wizard(Context),
    Pane(Pane),
    Modal(Modal),
}

impl From<Context> for Screen {
    fn from(c: Context) -> Screen {
        Screen::Wizard(c)
    }
}

impl From<Pane> for Screen {
    fn from(p: Pane) -> Screen {
        Screen::Pane(p)
    }
}

impl From<Modal> for Screen {
    fn from(m: Modal) -> Screen {
        Screen::Modal(m)
    }
}

impl Screen {
    pub const ALL: [Screen; 18] = [
        Screen::Wizard(Context::Text),
        Screen::Wizard(Context::List),
        Screen::Wizard(Context::Other),
        Screen::Pane(Pane::Table),
        Screen::Pane(Pane::Detail),
        Screen::Pane(Pane::Results),
        Screen::Pane(Pane::Editor),
        Screen::Pane(Pane::Filter),
        Screen::Pane(Pane::Confirm),
        Screen::Pane(Pane::Help),
        Screen::Modal(Modal::Crop),
        Screen::Modal(Modal::CropBox),
        Screen::Modal(Modal::Confirm),
        Screen::Modal(Modal::Resume),
        Screen::Modal(Modal::Export),
        Screen::Modal(Modal::Launched),
        Screen::Modal(Modal::AdPreview),
        Screen::Pane(Pane::Control),
    ];

    /// The screen's bit in an action's scope.
    fn bit(self) -> u32 {
        let i = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0);
        1 << i
    }

    /// Letters type here (they never act).
    pub fn typing(self) -> bool {
        matches!(
            self,
            Screen::Wizard(Context::Text)
                | Screen::Pane(Pane::Editor | Pane::Filter)
                | Screen::Modal(Modal::CropBox | Modal::Export)
        )
    }

    /// The screen in a sentence: `in the status pane's table`.
    pub fn describe(self) -> &'static str {
        match self {
            Screen::Wizard(Context::Text) => "in the wizard's text fields",
            Screen::Wizard(Context::List) => "in the wizard's lists",
            Screen::Wizard(Context::Other) => "on the wizard's buttons",
            Screen::Pane(Pane::Table) => "in the status pane's table",
            Screen::Pane(Pane::Detail) => "in the status pane's detail",
            Screen::Pane(Pane::Results) => "in the asset results",
            Screen::Pane(Pane::Editor) => "in the fix editor",
            Screen::Pane(Pane::Filter) => "while typing the pane's filter",
            Screen::Pane(Pane::Confirm) => "in the fix's confirmation",
            Screen::Pane(Pane::Help) => "in the pane's help",
            Screen::Pane(Pane::Control) => "in a control's chooser or confirmation",
            Screen::Modal(Modal::Crop) => "in the crop editor",
            Screen::Modal(Modal::CropBox) => "while typing the crop box",
            Screen::Modal(Modal::Confirm) => "in the launch confirmation",
            Screen::Modal(Modal::Resume) => "in the resume question",
            Screen::Modal(Modal::Export) => "while typing the export path",
            Screen::Modal(Modal::Launched) => "on the Review after a launch",
            Screen::Modal(Modal::AdPreview) => "in the ad preview",
        }
    }
}

/// Scopes: the screens an action acts on, as bits in `Screen::ALL`'s order.
mod on {
    pub const TEXT: u32 = 1;
    pub const LIST: u32 = 1 << 1;
    pub const OTHER: u32 = 1 << 2;
    pub const WIZARD: u32 = TEXT | LIST | OTHER;
    pub const TABLE: u32 = 1 << 3;
    pub const DETAIL: u32 = 1 << 4;
    /// The table and the detail: the pane at rest.
    pub const BROWSE: u32 = TABLE | DETAIL;
    pub const RESULTS: u32 = 1 << 5;
    pub const EDITOR: u32 = 1 << 6;
    pub const FILTER: u32 = 1 << 7;
    pub const CONFIRM: u32 = 1 << 8;
    pub const HELP: u32 = 1 << 9;
    pub const CROP: u32 = 1 << 10;
    pub const CROP_BOX: u32 = 1 << 11;
    pub const LAUNCH: u32 = 1 << 12;
    pub const RESUME: u32 = 1 << 13;
    pub const EXPORT: u32 = 1 << 14;
    pub const LAUNCHED: u32 = 1 << 15;
    pub const AD_PREVIEW: u32 = 1 << 16;
    /// A control's chooser and confirmation.
    pub const CONTROL: u32 = 1 << 17;
    /// The wizard's screens over its steps.
    pub const MODALS: u32 = CROP | CROP_BOX | LAUNCH | RESUME | EXPORT | LAUNCHED | AD_PREVIEW;
    pub const EVERYWHERE: u32 =
        WIZARD | BROWSE | RESULTS | EDITOR | FILTER | CONFIRM | HELP | MODALS | CONTROL;
}

/// One row of the table.
struct Row {
    /// The variant as written (`NextField`); the config name is derived from it.
    variant: &'static str,
    keys: &'static [&'static str],
    hint: &'static str,
    help: &'static str,
    /// The help line in the status pane, where it says something else than in the wizard.
    pane_help: &'static str,
    scope: u32,
}

/// Declares the actions: each once, with everything about it.
macro_rules! actions {
    ($(
        $(#[$doc:meta])*
        $variant:ident: keys [$($key:literal),*], hint $hint:literal, help $help:literal,
        $(pane $pane:literal,)? on $scope:expr;
    )*) => {
        /// What a key does, independent of the key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        const ROWS: &[Row] = &[$(Row {
            variant: stringify!($variant),
            keys: &[$($key),*],
            hint: $hint,
            help: $help,
            pane_help: actions!(@or $($pane)? ; $help),
            scope: $scope,
        },)*];

        const COUNT: usize = [$(stringify!($variant)),*].len();

        impl Action {
            /// Every action, in the order the help lists them.
            pub const ALL: [Action; COUNT] = [$(Action::$variant),*];
        }
    };
    (@or $a:literal ; $b:literal) => { $a };
    (@or ; $b:literal) => { $b };
}

actions! {
    // ----- the wizard (and, where the idea is the same, the pane) -----
    NextField: keys ["tab"], hint "next",
        help "next field (from the last field: next step, checked)", on on::WIZARD;
    PrevField: keys ["shift+tab"], hint "back",
        help "previous field (never checks, never loses input)", on on::WIZARD;
    Up: keys ["up", "k"], hint "move", help "move up in a list, the matches typed or a text",
        pane "move in the table; in the detail, between the rejected assets",
        on on::WIZARD | on::BROWSE | on::RESULTS | on::CONTROL;
    Down: keys ["down", "j"], hint "move", help "move down in a list, the matches typed or a text",
        pane "move down in the table, the detail or a chooser",
        on on::WIZARD | on::BROWSE | on::RESULTS | on::CONTROL;
    /// Chooses in a single choice and moves on; never ticks a multi-select or flips a switch.
    Choose: keys ["enter"], hint "choose",
        help "choose and move on, press, add a match; never ticks",
        pane "in a control's chooser: act on the one marked", on on::WIZARD | on::CONTROL;
    /// The only key that ticks or flips.
    Toggle: keys ["space"], hint "tick", help "tick or untick, flip a switch (only Space ticks)",
        on on::LIST | on::OTHER;
    Filter: keys ["/"], hint "filter", help "filter the list", on on::LIST;
    Back: keys ["esc"], hint "back",
        help "stop typing, close a filter or overlay, else previous step",
        pane "close the detail, the results or an editor, else the filter",
        on on::WIZARD | on::BROWSE | on::RESULTS | on::EDITOR | on::FILTER | on::CONTROL;
    NextStep: keys ["pagedown"], hint "next step", help "next step (checked)", on on::WIZARD;
    PrevStep: keys ["pageup"], hint "prev step", help "previous step (not checked)",
        on on::WIZARD;
    Review: keys ["ctrl+s"], hint "review", help "go to Review, where you submit", on on::WIZARD;
    Remove: keys ["ctrl+d"], hint "remove",
        help "remove this item (title, body, image, audience…)", on on::WIZARD;
    Export: keys ["ctrl+o"], hint "export", help "save the draft as a spec file", on on::WIZARD;
    /// Undoes the last change to the draft, on any field or step (typing in one field while
    /// it keeps the focus is one change).
    Undo: keys ["ctrl+z"], hint "undo",
        help "undo the last change to the draft (any field or step)",
        on on::WIZARD;
    Redo: keys ["ctrl+y"], hint "redo", help "redo the change undone last", on on::WIZARD;
    // ----- the wizard's Advantage+ creative enhancements (Assets) -----
    /// Opts out of every enhancement Meta documents; only ever the buyer's key, never applied
    /// by itself.
    OptOutFeatures: keys ["O"], hint "opt out of all",
        help "on Meta's enhancements (Assets): opt out of every one", on on::OTHER;
    // ----- the status pane -----
    PageUp: keys ["pageup"], hint "page", help "a page up or down in the table, or in the detail",
        on on::BROWSE;
    PageDown: keys ["pagedown"], hint "page", help "a page down in the table, or in the detail",
        on on::BROWSE;
    Top: keys ["home"], hint "first", help "to the first or the last ad", on on::BROWSE;
    Bottom: keys ["end"], hint "last", help "to the last ad", on on::BROWSE;
    Detail: keys ["enter"], hint "detail",
        help "open or close the ad's detail (then pick a rejected asset)", on on::BROWSE;
    PaneFilter: keys ["/"], hint "filter",
        help "filter by name, id, status or reason (Esc clears)", on on::BROWSE;
    Sort: keys ["s"], hint "sort", help "sort by status, time in state, name, last checked",
        on on::BROWSE;
    /// Opens the asset results; in them, closes them.
    Results: keys ["r"], hint "results",
        help "asset results",
        on on::BROWSE | on::RESULTS;
    PrevBreakdown: keys ["left", "shift+tab", "h"], hint "breakdown",
        help "in the asset results: the previous or next breakdown", on on::RESULTS;
    NextBreakdown: keys ["right", "tab", "l"], hint "breakdown",
        help "in the asset results: the next breakdown", on on::RESULTS;
    ResultsRange: keys ["t"], hint "range",
        help "in the asset results: the next date range (today, yesterday, 7, 14, 30 days, maximum)",
        on on::RESULTS;
    ResultsSplit: keys ["g"], hint "age/gender",
        help "in the asset results: by age, by gender, or neither", on on::RESULTS;
    /// Drafts the next round of the ad's launch (`dcw next-round`) and opens it in the wizard.
    NextRound: keys ["n"], hint "next round",
        help "in the asset results: draft the next round (the same campaign, the top 2 assets of each kind by cost per result) and open it in the wizard",
        on on::RESULTS;
    Edit: keys ["e"], hint "edit",
        help "in the detail: edit the rejected text (checked as in the wizard)", on on::BROWSE;
    Drop: keys ["x"], hint "drop", help "in the detail: drop the rejected asset from the feed",
        on on::BROWSE;
    /// Keeps what is typed in the filter or the fix editor.
    Keep: keys ["enter"], hint "keep",
        help "keep what is typed (the filter; a fixed text, checked)",
        on on::EDITOR | on::FILTER;
    SendFix: keys ["ctrl+s"], hint "send fix",
        help "send the fix: a new creative, the ad pointed at it (asks first)",
        on on::BROWSE;
    ConfirmFix: keys ["Y"], hint "send the fix",
        help "send the fix once asked (any other key cancels)", on on::CONFIRM;
    DiscardFix: keys ["ctrl+d"], hint "discard fix", help "discard the fix being prepared",
        on on::BROWSE;
    CopyId: keys ["c"], hint "copy id",
        help "the ad id to the clipboard, by OSC 52 (tmux: set-clipboard on)",
        on on::BROWSE;
    CopyLink: keys ["C"], hint "copy link",
        help "the ad's Ads Manager link to the clipboard, by OSC 52",
        on on::BROWSE;
    Poll: keys ["p"], hint "poll", help "check now", on on::BROWSE;
    Bell: keys ["b"], hint "bell", help "ring the terminal bell when a state changes (on/off)",
        on on::BROWSE;
    /// Back to the wizard's launch summary.
    Summary: keys ["l"], hint "launch",
        help "the launch summary, after a launch from the wizard (w returns)", on on::BROWSE;
    // ----- the status pane's controls of the launch -----
    Activate: keys ["T"], hint "turn on",
        help "turn on the ad, its ad set or the whole launch (asks which, then confirm)",
        on on::BROWSE;
    Pause: keys ["P"], hint "pause",
        help "pause the ad, its ad set or the whole launch (asks which, then confirm)", on on::BROWSE;
    Budget: keys ["B"], hint "budget",
        help "type the ad set's new daily or lifetime budget (the minimum checked, then confirm)",
        on on::BROWSE;
    EndDate: keys ["E"], hint "end",
        help "type the ad set's new end date and time (then confirm)", on on::BROWSE;
    DeleteRejected: keys ["D"], hint "delete",
        help "archive or delete the ad with its ad set, as Meta requires for Dynamic Creative",
        on on::BROWSE;
    Duplicate: keys ["U"], hint "duplicate",
        help "copy the ad's ad set with its ad into the same campaign, paused (then confirm)",
        on on::BROWSE;
    ConfirmControl: keys ["Y"], hint "send",
        help "send the control once asked (any other key cancels)", on on::CONTROL;
    // ----- the crop editor -----
    CropLeft: keys ["left", "h"], hint "move", help "move the box left", on on::CROP;
    CropUp: keys ["up", "k"], hint "move", help "move the box up", on on::CROP;
    CropDown: keys ["down", "j"], hint "move", help "move the box down", on on::CROP;
    CropRight: keys ["right", "l"], hint "move", help "move the box right", on on::CROP;
    Grow: keys ["+", "="], hint "size", help "a larger box, the shape kept", on on::CROP;
    Shrink: keys ["-", "_"], hint "size", help "a smaller box, the shape kept", on on::CROP;
    Recentre: keys ["home"], hint "centre", help "centre the box in the image", on on::CROP;
    NextCropKey: keys ["tab"], hint "key",
        help "the next crop key (its largest centred box)", on on::CROP;
    PrevCropKey: keys ["shift+tab"], hint "key", help "the previous crop key", on on::CROP;
    CropKeyOne: keys ["1"], hint "key", help "crop key 100x100 (square feed)", on on::CROP;
    CropKeyTwo: keys ["2"], hint "key", help "crop key 100x72 (right column)", on on::CROP;
    CropKeyThree: keys ["3"], hint "key", help "crop key 400x150 (banner)", on on::CROP;
    CropKeyFour: keys ["4"], hint "key", help "crop key 400x500 (4:5 feed)", on on::CROP;
    CropKeyFive: keys ["5"], hint "key", help "crop key 600x360 (landscape)", on on::CROP;
    CropKeySix: keys ["6"], hint "key", help "crop key 90x160 (9:16 stories)", on on::CROP;
    TypeBox: keys ["e", ":"], hint "type",
        help "type the box as left,top,right,bottom pixels", on on::CROP;
    /// Saves the crop, the typed box or the export.
    Save: keys ["enter"], hint "save",
        help "save the crop (while typing the box: take it)", on on::CROP | on::CROP_BOX | on::EXPORT;
    /// Closes the crop editor, the typed box or the export without saving.
    Cancel: keys ["esc"], hint "cancel",
        help "close without saving (while typing the box: stop typing)",
        on on::CROP | on::CROP_BOX | on::EXPORT;
    // ----- the ad preview -----
    /// Opens the ad preview (on Assets and on Review); `v` where letters do not type.
    Preview: keys ["v", "ctrl+p"], hint "preview",
        help "preview the ad per placement (on Assets and Review)",
        pane "preview the ad under the cursor per placement (m: Meta's own)",
        on on::WIZARD | on::BROWSE;
    PrevCombination: keys ["left", "h"], hint "combination",
        help "the previous combination (from the first: the last)", on on::AD_PREVIEW;
    NextCombination: keys ["right", "l"], hint "combination",
        help "the next combination (from the last: the first)", on on::AD_PREVIEW;
    FamilyOne: keys ["1"], hint "placement", help "Facebook Feed 1:1", on on::AD_PREVIEW;
    FamilyTwo: keys ["2"], hint "placement", help "Facebook Feed 4:5", on on::AD_PREVIEW;
    FamilyThree: keys ["3"], hint "placement", help "Instagram Feed", on on::AD_PREVIEW;
    FamilyFour: keys ["4"], hint "placement", help "Stories and Reels 9:16", on on::AD_PREVIEW;
    FamilyFive: keys ["5"], hint "placement", help "Facebook right column", on on::AD_PREVIEW;
    ClosePreview: keys ["esc", "v", "q"], hint "close", help "close the preview",
        on on::AD_PREVIEW;
    /// Asks Graph for Meta's own preview of the placement on screen (`generatepreviews`, or
    /// the launched ad's `previews`): a link per `ad_format`, the first copied by OSC 52.
    MetaPreview: keys ["m"], hint "Meta's preview",
        help "ask Meta for its own preview of this placement (a link; the first is copied)",
        on on::AD_PREVIEW;
    // ----- the wizard's questions -----
    ConfirmLaunch: keys ["Y"], hint "launch",
        help "launch once asked (any other key cancels)", on on::LAUNCH;
    ResumeDraft: keys ["enter", "y", "Y"], hint "resume",
        help "resume the unfinished draft", on on::RESUME;
    NewDraft: keys ["n", "N", "esc"], hint "new draft",
        help "start a new draft (the old one stays in `dcw drafts`)", on on::RESUME;
    DeleteDraft: keys ["d"], hint "delete",
        help "delete the unfinished draft (asks once more)", on on::RESUME;
    /// After a launch from the wizard: its review in the status pane.
    Watch: keys ["w"], hint "watch",
        help "watch the launch's review in the status pane", on on::LAUNCHED;
    // ----- everywhere -----
    Help: keys ["?", "f1"], hint "help", help "this help",
        on on::WIZARD | on::BROWSE | on::CROP;
    Quit: keys ["q"], hint "quit", help "quit (the draft is kept)",
        pane "quit (asked once over an unsent fix); closes the results",
        on on::LIST | on::OTHER | on::BROWSE | on::RESULTS;
    ForceQuit: keys ["ctrl+c"], hint "quit", help "quit from anywhere (the draft is kept)",
        pane "quit from anywhere", on on::EVERYWHERE;
}

/// `NextField` → `next_field`.
pub(super) fn snake(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

static NAMES: LazyLock<Vec<String>> =
    LazyLock::new(|| ROWS.iter().map(|r| snake(r.variant)).collect());

impl Action {
    fn row(self) -> &'static Row {
        &ROWS[self as usize]
    }

    /// The name used in the config file's `keys` section, derived from the variant.
    pub fn name(self) -> &'static str {
        NAMES[self as usize].as_str()
    }

    /// The help line (in the wizard's `?`).
    pub fn description(self) -> &'static str {
        self.row().help
    }

    /// The help line in the status pane's `?`.
    pub fn pane_help(self) -> &'static str {
        self.row().pane_help
    }

    /// The short word in the hint bar.
    pub fn hint(self) -> &'static str {
        self.row().hint
    }

    /// The keys it has when the config says nothing.
    pub fn default_keys(self) -> &'static [&'static str] {
        self.row().keys
    }

    /// Whether the action applies on this screen (letters type in text fields).
    pub fn applies(self, screen: impl Into<Screen>) -> bool {
        self.row().scope & screen.into().bit() != 0
    }

    /// The action listed with this one as one line in the pane's help and one entry in a hint
    /// bar (`↑↓ move`, `←→ breakdown`).
    pub fn paired(self) -> Option<Action> {
        match self {
            Action::Up => Some(Action::Down),
            Action::PageUp => Some(Action::PageDown),
            Action::Top => Some(Action::Bottom),
            Action::PrevBreakdown => Some(Action::NextBreakdown),
            _ => None,
        }
    }

    /// Whether this action is listed with another (the second of a pair).
    pub fn is_second_of_pair(self) -> bool {
        Action::ALL.into_iter().any(|a| a.paired() == Some(self))
    }

    pub(super) fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// The actions that pick crop keys 1 to 6, in `CropKey::ALL`'s order.
pub const CROP_PICKS: [Action; 6] = [
    Action::CropKeyOne,
    Action::CropKeyTwo,
    Action::CropKeyThree,
    Action::CropKeyFour,
    Action::CropKeyFive,
    Action::CropKeySix,
];
