/// The dashboard's keys: one table that both dispatches keys and writes the `?` help,
/// so the help can never disagree with what a key does.
public enum DashboardKeymap {
    public static let list: KeyContext = "panes"
    public static let form: KeyContext = "form"
    public static let overlay: KeyContext = "detail, help, lookup"

    public static let keymap = Keymap<DashboardAction>([
        KeyBinding([.up, .char("k")], .up, help: "move up", context: list),
        KeyBinding([.down, .char("j")], .down, help: "move down", context: list),
        KeyBinding([.char("g"), .home], .top, help: "first row", context: list),
        KeyBinding([.char("G"), .end], .bottom, help: "last row", context: list),
        KeyBinding([.ctrl("d"), .pageDown], .pageDown, help: "half a page down", context: list),
        KeyBinding([.ctrl("u"), .pageUp], .pageUp, help: "half a page up", context: list),
        KeyBinding(.tab, .nextPane, help: "next pane", context: list),
        KeyBinding(.backTab, .previousPane, help: "previous pane", context: list),
        KeyBinding([.left, .char("h")], .paneLeft, help: "pane to the left", context: list),
        KeyBinding([.right, .char("l")], .paneRight, help: "pane to the right", context: list),
        KeyBinding(.char("1"), .goTo(.accounts), help: "Accounts pane", context: list),
        KeyBinding(.char("2"), .goTo(.complaints), help: "Complaints pane", context: list),
        KeyBinding(.char("3"), .goTo(.payments), help: "Payments pane", context: list),
        KeyBinding(.char("4"), .goTo(.health), help: "Health pane", context: list),
        KeyBinding(.enter, .open, help: "open the account: its history, newest first", context: list),
        KeyBinding(.char(" "), .focusAccount, help: "show only this account in every pane", context: list),
        KeyBinding(.char("x"), .clearAccountFilter, help: "show all accounts again", context: list),
        KeyBinding(.char("/"), .filter, help: "filter this pane as you type", context: list),
        KeyBinding(.char("w"), .callerCheck, help: "who's calling? look up a caller", context: list),
        KeyBinding(.char("i"), .logInteraction, help: "log a call, email or meeting", context: list),
        KeyBinding(.char("c"), .openComplaint, help: "open a complaint", context: list),
        KeyBinding(.char("p"), .recordPayment, help: "record a payment", context: list),
        KeyBinding(.char("m"), .addPromise, help: "make a promise (ours, or theirs to pay)", context: list),
        KeyBinding(.char("?"), .help, help: "show these keys", context: list),
        KeyBinding(.ctrl("l"), .redraw, help: "redraw the screen", context: list),
        KeyBinding(.char("q"), .quit, help: "quit", context: list),
        KeyBinding([.tab, .down], .nextField, help: "next field", context: form),
        KeyBinding([.backTab, .up], .previousField, help: "previous field", context: form),
        KeyBinding(.enter, .submit, help: "write the event", context: form),
        KeyBinding(.escape, .back, help: "cancel: nothing is written", context: form),
        KeyBinding([.up, .char("k")], .up, help: "scroll up / previous match", context: overlay),
        KeyBinding([.down, .char("j")], .down, help: "scroll down / next match", context: overlay),
        KeyBinding(.enter, .open, help: "lookup: go to the account", context: overlay),
        KeyBinding([.escape, .char("q")], .back, help: "close", context: overlay),
    ])
}
