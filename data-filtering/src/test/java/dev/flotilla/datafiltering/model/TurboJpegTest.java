package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libjpeg-turbo decodes a JPEG to the very bytes PIL gives ({@code Image.open(f).convert("RGB")}),
 * and hands back (null) what it should not decode, for ImageIO to read as before.
 */
class TurboJpegTest {

  @TempDir Path tmp;

  @Test
  void decodesToPilsBytes() throws Exception {
    Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0")),
        "needs Debian's libturbojpeg0 (scripts/setup)");
    Assumptions.assumeFalse("0".equals(System.getenv("FLOTILLA_TURBOJPEG")), "turned off (FLOTILLA_TURBOJPEG=0)");
    assertThat(TurboJpeg.available()).isTrue();
    PyTorchPeer.assumeInstalled();
    List<BufferedImage> images = List.of(TestImages.rgb(640, 480, 1), TestImages.rgb(37, 53, 2),
        TestImages.as(TestImages.rgb(64, 48, 3), BufferedImage.TYPE_BYTE_GRAY));
    for (int i = 0; i < images.size(); i++) {
      byte[] jpeg = TestImages.encode(images.get(i), "jpg");
      Path file = tmp.resolve(i + ".jpg");
      Files.write(file, jpeg);
      Path raw = tmp.resolve(i + ".rgb");
      PyTorchPeer.Result r = PyTorchPeer.run(List.of(PyTorchPeer.PYTHON.toString(), "-c",
          "import sys; from PIL import Image; open(sys.argv[2], 'wb').write(Image.open(sys.argv[1]).convert('RGB').tobytes())",
          file.toString(), raw.toString()));
      assertThat(r.exitCode()).as(r.output()).isZero();
      TurboJpeg.Rgb ours = TurboJpeg.decode(jpeg, Long.MAX_VALUE);
      assertThat(ours).isNotNull();
      assertThat(ours.width()).isEqualTo(images.get(i).getWidth());
      assertThat(ours.height()).isEqualTo(images.get(i).getHeight());
      assertThat(ours.pixels()).as("image %d", i).isEqualTo(Files.readAllBytes(raw));
    }
  }

  @Test
  void truncatedOrOversizedImagesAreLeftToImageIo() throws Exception {
    Assumptions.assumeTrue(TurboJpeg.available(), "needs libturbojpeg");
    byte[] jpeg = TestImages.encode(TestImages.rgb(64, 48, 4), "jpg");
    assertThat(TurboJpeg.decode(Arrays.copyOf(jpeg, jpeg.length / 2), Long.MAX_VALUE)).as("truncated").isNull();
    assertThat(TurboJpeg.decode(jpeg, 64 * 48 - 1)).as("over the pixel limit").isNull();
    assertThat(TurboJpeg.decode(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, Long.MAX_VALUE)).isNull();
  }
}
