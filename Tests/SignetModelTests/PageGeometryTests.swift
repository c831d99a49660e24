import Testing

@testable import SignetModel

@Suite("Coordinate contract")
struct PageGeometryTests {
    // A letter-size page whose crop box starts away from the origin.
    let media = PDFBox(0, 0, 612, 792)
    let crop = PDFBox(50, 100, 550, 700)  // 500 x 600

    @Test("displayed size swaps on quarter turns", arguments: [0, 90, 180, 270])
    func displayedSize(rotation: Int) {
        let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: rotation)
        let swapped = rotation == 90 || rotation == 270
        #expect(g.displayedWidth == (swapped ? 600 : 500))
        #expect(g.displayedHeight == (swapped ? 500 : 600))
    }

    @Test("rotation is normalised", arguments: [(-90, 270), (450, 90), (360, 0), (-180, 180), (89, 90)])
    func normalise(input: Int, expected: Int) {
        #expect(PageGeometry.normalise(input) == expected)
    }

    @Test("displayed top-left corner maps to the right corner of the crop box")
    func topLeftCorner() {
        // Where the viewer's top-left corner is in user space, for each rotation.
        let expected: [Int: (Double, Double)] = [0: (50, 700), 90: (50, 100), 180: (550, 100), 270: (550, 700)]
        for (rotation, corner) in expected {
            let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: rotation)
            let p = g.displayedToUser.apply(x: 0, y: 0)
            #expect(p.x == corner.0 && p.y == corner.1, "rotation \(rotation)")
        }
    }

    @Test("x runs to the viewer's right, y downwards, for every rotation", arguments: [0, 90, 180, 270])
    func axes(rotation: Int) {
        let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: rotation)
        let t = g.displayedToUser
        let origin = t.apply(x: 0, y: 0)
        let right = t.apply(x: 10, y: 0)
        let down = t.apply(x: 0, y: 10)
        // In user space, a page rotated clockwise by r shows user direction d at screen angle d - r.
        let expectedRight: [Int: (Double, Double)] = [0: (10, 0), 90: (0, 10), 180: (-10, 0), 270: (0, -10)]
        let expectedDown: [Int: (Double, Double)] = [0: (0, -10), 90: (10, 0), 180: (0, 10), 270: (-10, 0)]
        #expect((right.x - origin.x, right.y - origin.y) == expectedRight[rotation]!)
        #expect((down.x - origin.x, down.y - origin.y) == expectedDown[rotation]!)
    }

    @Test("user boxes and displayed rectangles convert both ways", arguments: [0, 90, 180, 270])
    func roundTrip(rotation: Int) {
        let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: rotation)
        let rect = Rect(x: 30, y: 45, width: 120, height: 20)
        let box = g.userBox(fromDisplayed: rect)
        #expect(g.displayedRect(fromUser: box) == rect)
        #expect(g.displayedBounds.contains(rect))
    }

    @Test("the overlay matrix puts the overlay's top-left on the displayed top-left", arguments: [0, 90, 180, 270])
    func overlayMatrix(rotation: Int) {
        let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: rotation)
        // The overlay page is y-up with height H: its point (0, H) is the displayed top-left.
        let m = g.overlayMatrix
        let topLeft = m.apply(x: 0, y: g.displayedHeight)
        let expected = g.displayedToUser.apply(x: 0, y: 0)
        #expect(topLeft.x == expected.x && topLeft.y == expected.y)
        // And its (W, 0) is the displayed bottom-right.
        let bottomRight = m.apply(x: g.displayedWidth, y: 0)
        let expectedBR = g.displayedToUser.apply(x: g.displayedWidth, y: g.displayedHeight)
        #expect(bottomRight.x == expectedBR.x && bottomRight.y == expectedBR.y)
    }

    @Test("concatenation applies the inner transform first")
    func concatenation() {
        let scale = AffineTransform(a: 2, b: 0, c: 0, d: 3, e: 10, f: 20)
        let g = PageGeometry(mediaBox: media, cropBox: crop, rotation: 90)
        let both = g.overlayMatrix.concatenating(scale)
        for (x, y) in [(0.0, 0.0), (5.0, 7.0), (-3.0, 11.0)] {
            let inner = scale.apply(x: x, y: y)
            let expected = g.overlayMatrix.apply(x: inner.x, y: inner.y)
            let got = both.apply(x: x, y: y)
            #expect(abs(got.x - expected.x) < 1e-9 && abs(got.y - expected.y) < 1e-9)
        }
    }
}
