using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Review;

/// <summary>The <c>Review</c> configuration section.</summary>
public sealed class ReviewOptions
{
    /// <summary>
    /// Days within which a flag should be answered; older open flags are marked overdue in the queue. The default is GDPR's
    /// one month for answering a data subject's request (Art. 12(3)).
    /// </summary>
    public int FlagSlaDays { get; set; } = 30;

    public static ReviewOptions From(IConfiguration config)
    {
        var options = config.GetSection("Review").Get<ReviewOptions>() ?? new ReviewOptions();
        if (options.FlagSlaDays is < 1 or > 365)
            throw new InvalidOperationException("Review:FlagSlaDays must be a number of days from 1 to 365.");
        return options;
    }
}
