package io.stylesync.common.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Registers, in every servlet-based StyleSync service, the shared problem+json advice and the access
 * filters: per-client rate limits first, then credentials on mutating requests ({@link AccessProperties}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AccessProperties.class)
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {

    @Bean
    Credentials stylesyncCredentials(AccessProperties props) {
        return new Credentials(props);
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
            AccessProperties props, Credentials credentials, MeterRegistry registry) {
        FilterRegistrationBean<RateLimitFilter> bean =
                new FilterRegistrationBean<>(new RateLimitFilter(props, credentials, registry));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Bean
    FilterRegistrationBean<WriteAccessFilter> writeAccessFilter(AccessProperties props, Credentials credentials) {
        FilterRegistrationBean<WriteAccessFilter> bean =
                new FilterRegistrationBean<>(new WriteAccessFilter(props, credentials));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return bean;
    }

    /** Tomcat's own error pages as problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.apache.catalina.valves.ErrorReportValve",
                "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory"
            })
    static class TomcatErrorPages {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
            return new ProblemErrorReportValveCustomizer();
        }
    }

    /** Runs after Boot's own customizer, so the HTML valve that one adds can be replaced. */
    static class ProblemErrorReportValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Pipeline host = context.getParent().getPipeline();
                for (Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemErrorReportValve());
                if (context.getParent() instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
