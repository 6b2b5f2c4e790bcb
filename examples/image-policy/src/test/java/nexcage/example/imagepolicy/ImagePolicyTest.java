package nexcage.example.imagepolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ImagePolicyTest {

    @Test
    void globsMatchWholeImagesWithStarAndQuestionMarkAndTheRestLiteral() {
        ImageGlobs g = ImageGlobs.parse("nexcage-test/*, busybox:1.3?");
        assertThat(g.allows("nexcage-test/busybox")).isTrue();
        assertThat(g.allows("nexcage-test/busybox:latest")).isTrue();
        assertThat(g.allows("busybox:1.36")).isTrue();
        assertThat(g.allows("busybox")).isFalse();
        assertThat(g.allows("evil/nexcage-test/x")).isFalse();
        assertThat(ImageGlobs.parse("a.b").allows("axb")).as("a dot is a dot").isFalse();
        assertThat(ImageGlobs.parse("").allows("busybox")).isFalse();
    }

    @Test
    void onlyContainerActionsOnAnAllowedImageAreAuthorized() {
        ImagePolicy p = new ImagePolicy();
        assertThat(p.authorize("root", "container.run", "x busybox")).as("unconfigured, nothing is allowed").isFalse();
        p.configure(config("nexcage-test/*"));
        assertThat(p.authenticate(Map.of("source", "cli", "user", "alice", "uid", "1000"))).isEqualTo("alice");
        assertThat(p.authorize("alice", "container.run", "x nexcage-test/busybox")).isTrue();
        assertThat(p.authorize("alice", "container.run", "x busybox")).isFalse();
        assertThat(p.authorize("alice", "container.stop", "x")).as("no image: refused").isFalse();
        assertThat(p.authorize("alice", "api.request", "x nexcage-test/busybox")).isFalse();
    }

    private static ImagePolicyConfig config(String allow) {
        return new ImagePolicyConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ImagePolicyConfig.class;
            }

            @Override
            public String allow() {
                return allow;
            }
        };
    }
}
