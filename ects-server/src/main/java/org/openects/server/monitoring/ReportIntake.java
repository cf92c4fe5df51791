package org.openects.server.monitoring;

import java.util.List;
import org.openects.domain.Report;

/**
 * Where the ingress hands over reports that it has archived and accepted. Returns at once: the reports are queued to
 * their movement's partition and handled there in order.
 */
public interface ReportIntake {

    void submit(List<Report> reports);
}
