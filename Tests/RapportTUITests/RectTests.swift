import Testing
@testable import RapportTUI

@Suite struct RectTests {
    @Test func insetAndDivide() {
        let rect = Rect(x: 0, y: 0, width: 20, height: 10)
        #expect(rect.inset(by: 1) == Rect(x: 1, y: 1, width: 18, height: 8))
        #expect(rect.divided(atRow: 3).bottom == Rect(x: 0, y: 3, width: 20, height: 7))
        #expect(rect.divided(atColumn: 25).right.isEmpty)
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
    }

    @Test func centeredAndIntersection() {
        let rect = Rect(x: 0, y: 0, width: 20, height: 10)
        #expect(rect.centered(width: 10, height: 4) == Rect(x: 5, y: 3, width: 10, height: 4))
        #expect(rect.intersection(Rect(x: 15, y: 8, width: 10, height: 10)) == Rect(x: 15, y: 8, width: 5, height: 2))
        #expect(rect.intersection(Rect(x: 30, y: 0, width: 5, height: 5)).isEmpty)
    }
}
