package nexcage.security.internal.hiding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhiteboardRoutesTest {
    private static final String[] SERVLET = {"jakarta.servlet.Servlet"};
    private static final String[] WHITEBOARD = {"osgi.http.whiteboard.servlet.pattern", "service.id", "objectClass"};

    @Test
    void aPluginsServletIsServedOnlyWithApiServer() {
        assertThat(WhiteboardRoutes.refusal(SERVLET, WHITEBOARD, true)).isNull();
        assertThat(WhiteboardRoutes.refusal(SERVLET, WHITEBOARD, false)).startsWith("http.route ").contains("needs api_server");
    }

    @Test
    void aServiceWithoutWhiteboardPropertiesIsNoRoute() {
        assertThat(WhiteboardRoutes.refusal(SERVLET, new String[] {"service.id", "objectClass"}, false)).isNull();
    }

    @Test
    void aPluginsOwnServletContextOrPreprocessorIsNeverServed() {
        assertThat(WhiteboardRoutes.refusal(new String[] {"org.osgi.service.servlet.context.ServletContextHelper"},
                new String[] {"osgi.http.whiteboard.context.name"}, true)).startsWith("http.context ");
        assertThat(WhiteboardRoutes.refusal(new String[] {"org.osgi.service.servlet.whiteboard.Preprocessor"}, WHITEBOARD, true))
                .startsWith("http.context ");
    }

    @Test
    void theApisServletContextIsVisibleToPluginsSoTheirRoutesCanBeServedInIt() {
        assertThat(ServiceVisibility.hidden(new String[] {"org.osgi.service.servlet.context.ServletContextHelper"}, true)).isFalse();
        assertThat(ServiceVisibility.hidden(new String[] {"jakarta.servlet.Servlet"}, true)).as("the API's own servlet").isTrue();
    }

    @Test
    void theCapabilityIsReadFromTheHeaderWithParametersAndAnyCase() {
        assertThat(WhiteboardRoutes.declaresApiServer("logging, API_SERVER;x=y")).isTrue();
        assertThat(WhiteboardRoutes.declaresApiServer("api_client,logging")).isFalse();
        assertThat(WhiteboardRoutes.declaresApiServer(null)).isFalse();
    }
}
