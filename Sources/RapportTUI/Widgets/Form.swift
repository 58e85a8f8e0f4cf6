/// A framed form of labelled text fields, for adding an event from the dashboard.
///
/// Each field shows its validation message beneath it as the person types, so
/// mistakes are fixed where they are made rather than after submitting. The
/// focused field is marked with `▸` and an underline as well as colour.
public struct Form: Widget, Sendable {
    public struct Field: Hashable, Sendable {
        public var label: String
        public var input: TextInput
        /// What is wrong with the current value, or nil when it is acceptable.
        public var message: String?
        /// Shown dimmed while the field is empty, e.g. an example value.
        public var placeholder: String

        public init(label: String, input: TextInput = TextInput(), message: String? = nil, placeholder: String = "") {
            self.label = label
            self.input = input
            self.message = message
            self.placeholder = placeholder
        }
    }

    public var title: String
    public var fields: [Field]
    public var focus: Int
    public var hint: String

    public init(title: String, fields: [Field], focus: Int = 0,
                hint: String = "Enter submit · Esc cancel · Tab next field") {
        self.title = title
        self.fields = fields
        self.focus = focus
        self.hint = hint
    }

    /// The rows the form needs inside its frame: two per field, a gap and the hint.
    public var contentHeight: Int { fields.count * 2 + 2 }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard rect.width >= 12, rect.height >= 4 else { return }
        canvas.fill(rect)
        Pane(title: title, isFocused: true).render(in: rect, on: &canvas)
        let layout = Layout(form: self, rect: rect)
        for (index, field) in fields.enumerated() {
            let y = layout.top + index * 2
            guard y < layout.inner.maxY - 1 else { break }
            let focused = index == focus
            canvas.put(focused ? "▸" : " ", at: Point(x: layout.inner.x, y: y), style: .key)
            canvas.put(field.label, in: Rect(x: layout.inner.x + 1, y: y, width: layout.labelWidth, height: 1),
                       alignment: .trailing, style: focused ? Style(.normal, .bold) : .normal)
            let valueRect = Rect(x: layout.valueX, y: y, width: layout.valueWidth, height: 1)
            let fieldStyle = focused ? Style(.inputFocused, .underline) : Style(.input)
            canvas.fill(valueRect, style: fieldStyle)
            if field.input.text.isEmpty {
                canvas.put(field.placeholder, at: Point(x: valueRect.x, y: y), maxWidth: valueRect.width,
                           style: Style(.muted, focused ? .underline : []))
            } else {
                let shown = Self.window(of: field.input, width: valueRect.width)
                canvas.put(shown.text, at: Point(x: valueRect.x, y: y), maxWidth: valueRect.width, style: fieldStyle)
            }
            if let message = field.message {
                canvas.put("! " + message, at: Point(x: layout.valueX, y: y + 1), maxWidth: layout.valueWidth,
                           style: .error)
            }
        }
        canvas.put(hint, at: Point(x: layout.inner.x + 1, y: layout.inner.maxY - 1), maxWidth: layout.inner.width - 2,
                   style: .muted)
    }

    /// Where the terminal cursor belongs: after the focused field's cursor.
    public func cursorPosition(in rect: Rect) -> Point? {
        guard rect.width >= 12, rect.height >= 4, fields.indices.contains(focus) else { return nil }
        let layout = Layout(form: self, rect: rect)
        let y = layout.top + focus * 2
        guard y < layout.inner.maxY - 1 else { return nil }
        let shown = Self.window(of: fields[focus].input, width: layout.valueWidth)
        return Point(x: layout.valueX + shown.cursorColumn, y: y)
    }

    private struct Layout {
        let inner: Rect
        let top: Int
        let labelWidth: Int
        let valueX: Int
        let valueWidth: Int

        init(form: Form, rect: Rect) {
            inner = rect.inset(by: 1)
            top = inner.y + 1
            labelWidth = min(form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0, inner.width / 3)
            valueX = inner.x + 1 + labelWidth + 2
            valueWidth = max(1, inner.maxX - 1 - valueX)
        }
    }

    /// The part of a value that fits in `width` cells with the cursor in view:
    /// the start when it fits, otherwise the text just before the cursor,
    /// marked with a leading "…".
    static func window(of input: TextInput, width: Int) -> (text: String, cursorColumn: Int) {
        let characters = Array(input.text)
        let beforeCursor = characters[..<input.cursor]
        let beforeWidth = beforeCursor.reduce(0) { $0 + DisplayWidth.of($1) }
        if beforeWidth < width {
            return (input.text, beforeWidth)
        }
        var shown = ""
        var used = 1
        for character in beforeCursor.reversed() {
            let cells = DisplayWidth.of(character)
            if used + cells > width - 1 { break }
            shown.insert(character, at: shown.startIndex)
            used += cells
        }
        return ("…" + shown + String(characters[input.cursor...]), used)
    }
}
