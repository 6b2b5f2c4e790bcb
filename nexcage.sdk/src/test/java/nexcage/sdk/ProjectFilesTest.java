package nexcage.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProjectFilesTest {
    private static final SdkSettings SDK = new SdkSettings("0.8.0", "file:///nexcage/target/sdk/repository");

    @Test
    void everyTypeGivesAPomMetadataItsClassALifecycleAndTwoTests() {
        for (PluginType type : PluginType.values()) {
            Map<String, String> files = ProjectFiles.of("my-plugin", type, SDK);
            String cls = "MyPlugin" + type.classSuffix();
            assertThat(files).containsOnlyKeys("pom.xml", ".gitignore", "README.md",
                    "src/main/java/org/example/myplugin/package-info.java",
                    "src/main/java/org/example/myplugin/MyPluginLifecycle.java",
                    "src/main/java/org/example/myplugin/" + cls + ".java",
                    "src/test/java/org/example/myplugin/" + cls + "Test.java",
                    "src/test/java/org/example/myplugin/" + cls + "FrameworkTest.java");
            files.values().forEach(text -> assertThat(text).doesNotContain("{{"));
            assertThat(files.get("src/main/java/org/example/myplugin/" + cls + ".java")).contains("class " + cls + " implements");
        }
    }

    @Test
    void thePomPinsTheCompilerAndNamesTheApiAndKitOfThisNexCage() {
        String pom = ProjectFiles.of("greet", PluginType.COMMAND, SDK).get("pom.xml");
        assertThat(pom).contains("<artifactId>maven-compiler-plugin</artifactId>\n        <version>3.13.0</version>")
                .contains("<nexcage.version>0.8.0</nexcage.version>")
                .contains("<url>file:///nexcage/target/sdk/repository</url>")
                .contains("<artifactId>nexcage.plugintest</artifactId>")
                .contains("${project.build.finalName}.nexcage-plugin");
    }

    @Test
    void theMetadataNamesThePluginAndTheRuntimesItRunsOn() {
        String info = ProjectFiles.of("greet", PluginType.HOOKS, SDK).get("src/main/java/org/example/greet/package-info.java");
        assertThat(info).contains("@NexCagePlugin(name = \"greet\")").contains("@PluginRuntime(\"[0.8,1)\")")
                .contains("package org.example.greet;");
    }

    @Test
    void theCommandIsNamedAfterThePlugin() {
        String cmd = ProjectFiles.of("greet", PluginType.COMMAND, SDK).get("src/main/java/org/example/greet/GreetCommand.java");
        assertThat(cmd).contains("return \"greet\";");
    }

    @Test
    void namesBecomeJavaNames() {
        assertThat(ProjectFiles.camel("my-fine-plugin")).isEqualTo("MyFinePlugin");
        assertThat(ProjectFiles.packageName("my-plugin2")).isEqualTo("org.example.myplugin2");
        assertThat(ProjectFiles.packageName("new")).isEqualTo("org.example.newplugin");
    }

    @Test
    void theRuntimeRangeRunsFromThisMinorToTheNextMajor() {
        assertThat(new SdkSettings("0.8.0", "x").runtimeRange()).isEqualTo("[0.8,1)");
        assertThat(new SdkSettings("1.2.3", "x").runtimeRange()).isEqualTo("[1.2,2)");
    }
}
