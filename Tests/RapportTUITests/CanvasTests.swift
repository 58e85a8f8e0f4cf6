import Testing
@testable import RapportTUI

@Suite struct CanvasTests {
    @Test func putWritesTextAndReportsItsWidth() {
        var canvas = Canvas(width: 12, height: 2)
        #expect(canvas.put("山田太郎", at: Point(x: 1, y: 0)) == 8)
        #expect(canvas.put("Zoë", at: Point(x: 0, y: 1)) == 3)
        #expect(canvas.text() == " 山田太郎\nZoë")
        #expect(canvas.lines.allSatisfy { DisplayWidth.of($0) == 12 })
        #expect(canvas[2, 0].isContinuation)
    }

    @Test func wideTextIsTruncatedAtTheEdge() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("山田太郎", at: Point(x: 0, y: 0))
        #expect(canvas.text() == "山田…")
        #expect(canvas.lines == ["山田… "])
    }

    @Test func maxWidthLimitsAndEllipsises() {
        var canvas = Canvas(width: 20, height: 1)
        canvas.put("Acme Trading Ltd", at: Point(x: 2, y: 0), maxWidth: 8)
        canvas.put("|", at: Point(x: 10, y: 0))
        #expect(canvas.text() == "  Acme Tr…|")
    }

    @Test func escapeSequencesInDataAreDrawnAsVisibleText() {
        var canvas = Canvas(width: 24, height: 1)
        canvas.put("Eve \u{1B}[31mRed\u{1B}[0m", at: Point(x: 0, y: 0))
        #expect(canvas.text() == "Eve ␛[31mRed␛[0m")
        #expect(!canvas.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value == 0x1B } })
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("山田太", at: Point(x: 0, y: 0))
        canvas.put("x", at: Point(x: 3, y: 0))
        #expect(canvas.lines == ["山 x太"])
        canvas.put("y", at: Point(x: 4, y: 0))
        #expect(canvas.lines == ["山 xy "])
        #expect(!canvas[5, 0].isContinuation)
    }

    @Test func boxWithTitle() {
        var canvas = Canvas(width: 14, height: 4)
        canvas.drawBox(canvas.bounds, title: "Accounts")
        canvas.put("Zoë", at: Point(x: 1, y: 1))
        #expect(canvas.text() == """
        ┌ Accounts ──┐
        │Zoë         │
        │            │
        └────────────┘
        """)
    }

    @Test func longBoxTitleIsTruncatedInsideTheCorners() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.drawBox(canvas.bounds, glyphs: .heavy, title: "Complaints queue")
        #expect(canvas.lines[0] == "┏ Compla…┓")
    }

    @Test func fillAndRestyleKeepWithinBounds() {
        var canvas = Canvas(width: 4, height: 2)
        canvas.fill(Rect(x: 2, y: 1, width: 10, height: 10), with: "#", style: .muted)
        canvas.restyle(Rect(x: 0, y: 1, width: 4, height: 1), style: .selection)
        #expect(canvas.text() == "\n  ##")
        #expect(canvas.row(1).allSatisfy { $0.style == .selection })
        #expect(canvas.row(0).allSatisfy { $0.style == .normal })
    }

    @Test func alignedPut() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.put("山田", in: Rect(x: 0, y: 0, width: 10, height: 1), alignment: .trailing)
        canvas.put("ab", in: Rect(x: 0, y: 1, width: 10, height: 1), alignment: .center)
        canvas.put("Zoë", in: Rect(x: 0, y: 2, width: 10, height: 1), alignment: .leading)
        #expect(canvas.lines == ["      山田", "    ab    ", "Zoë       "])
    }

    @Test func writesOutsideTheCanvasAreIgnored() {
        var canvas = Canvas(width: 3, height: 1)
        #expect(canvas.put("x", at: Point(x: 5, y: 0)) == 0)
        #expect(canvas.put("x", at: Point(x: 0, y: 3)) == 0)
        #expect(canvas.put("x", at: Point(x: -1, y: 0)) == 0)
        #expect(canvas.text() == "")
        #expect(canvas.put("山", at: Point(x: 2, y: 0)) == 1, "a wide character without room becomes …")
        #expect(canvas.text() == "  …")
    }
}
